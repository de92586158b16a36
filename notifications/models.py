from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A person following a milestone or a whole project: they hear of what happens to it.

    The owner and the team lead of a milestone hear of it without following; whoever comments on a
    milestone follows it from then on (and may stop).
    """

    staff = models.ForeignKey(
        "departments.Staff", models.CASCADE, related_name="follows", verbose_name=_("staff member")
    )
    milestone = models.ForeignKey(
        "milestones.Milestone",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("milestone"),
    )
    project = models.ForeignKey(
        "projects.Project", models.CASCADE, null=True, blank=True, related_name="follows", verbose_name=_("project")
    )
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(milestone__isnull=False, project__isnull=True)
                | Q(milestone__isnull=True, project__isnull=False),
                name="follow_milestone_or_project",
            ),
            models.UniqueConstraint(
                fields=["staff", "milestone"], condition=Q(milestone__isnull=False), name="follow_once_milestone"
            ),
            models.UniqueConstraint(
                fields=["staff", "project"], condition=Q(project__isnull=False), name="follow_once_project"
            ),
        ]
        indexes = [
            models.Index(fields=["milestone"], condition=Q(milestone__isnull=False), name="follow_by_milestone"),
            models.Index(fields=["project"], condition=Q(project__isnull=False), name="follow_by_project"),
        ]

    def __str__(self):
        return f"{self.staff} → {self.milestone or self.project}"
