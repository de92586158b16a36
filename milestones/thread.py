"""Reads: a milestone's thread, the comments and update requests with the reasons given for returning,
cancelling, reopening, delaying or moving it (and for proposing, approving or rejecting a new date), each
with its kind, in the order they were written. Two queries."""

from dataclasses import dataclass

from milestones.models import Comment, EventKind

#: Events whose reason belongs in the thread.
REASON_KINDS = (
    EventKind.RETURNED,
    EventKind.CANCELLED,
    EventKind.REOPENED,
    EventKind.DELAYED,
    EventKind.DUE_DATE_CHANGED,
    EventKind.DATE_PROPOSED,
    EventKind.DATE_APPROVED,
    EventKind.DATE_REJECTED,
)


@dataclass
class ThreadEntry:
    kind: str
    label: str
    author: object
    at: object
    text: str
    comment: Comment | None = None

    @property
    def anchor(self):
        return f"comment-{self.comment.pk}" if self.comment else ""


def milestone_thread(milestone):
    """Every comment and every reason given on ``milestone``, oldest first."""
    entries = [
        ThreadEntry(c.kind, c.get_kind_display(), c.author, c.created_at, c.text, c)
        for c in milestone.comments.select_related("author__staff").order_by("created_at", "pk")
    ]
    reasons = milestone.events.filter(kind__in=REASON_KINDS, comment__isnull=True).select_related("actor__staff")
    for event in reasons.order_by("created_at", "pk"):
        text = event.data.get("reason") or event.data.get("comment") or ""
        if text:
            entries.append(ThreadEntry(event.kind, event.get_kind_display(), event.actor, event.created_at, text))
    entries.sort(key=lambda entry: entry.at)
    return entries
