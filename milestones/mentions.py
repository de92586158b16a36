"""@mentions in what people write on a milestone (a comment, a reason): who is named, and whether they may
see the milestone. A mention of someone who may not see it, or of nobody known, is refused with their name,
so that nothing is sent silently to no one or shown to someone outside the milestone's department.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.roles import users_with_role_facts
from departments.models import Staff
from milestones.selectors import milestones_visible_to

#: "@" then a name or a login, not inside a word or an e-mail address ("a@b.kr" names nobody).
_MENTION = re.compile(r"(?<![\w.@])@([\w][\w.\-]*)")
#: The most people one text may name: a bound on the lookups a text can cause.
MAX_MENTIONS = 10
#: Korean names are two to four syllables; "@김연숙님" names 김연숙.
_SHORTEST_NAME = 2


def mention_tokens(text):
    """The distinct words written after "@", in order."""
    tokens = []
    for match in _MENTION.finditer(text or ""):
        token = match.group(1).rstrip(".-")
        if token and token not in tokens:
            tokens.append(token)
    return tokens


def _prefixes(token):
    return [token[:end] for end in range(len(token), _SHORTEST_NAME - 1, -1)]


def _matches(token, people):
    """Those ``token`` names: by login, else by the longest name it starts with (a particle may follow)."""
    by_login = [p for p in people if p.user_id and p.user.get_username() == token]
    if by_login:
        return by_login
    for prefix in _prefixes(token):
        named = [p for p in people if p.name == prefix]
        if named:
            return named
    return []


def _seeing(people, milestone):
    """The pks of ``people`` who may see ``milestone``: their logins read with their roles in one query, then
    one query for each."""
    users = users_with_role_facts(get_user_model()._default_manager.filter(staff__in=people))
    return {user.staff.pk for user in users if milestones_visible_to(user).filter(pk=milestone.pk).exists()}


def mentioned_staff(*, milestone, text, field="text"):
    """The staff members ``text`` names who may see ``milestone``.

    Raises ValidationError on ``field`` naming everyone who may not see it and every name nobody has.
    Of two people with one name, those who may see the milestone are meant.
    """
    tokens = mention_tokens(text)
    if not tokens:
        return []
    if len(tokens) > MAX_MENTIONS:
        raise ValidationError({field: _("Name at most %(count)d people in one text.") % {"count": MAX_MENTIONS}})
    names = {prefix for token in tokens for prefix in _prefixes(token)}
    people = list(
        Staff.objects.filter(Q(name__in=names) | Q(user__username__in=tokens)).select_related("user").order_by("pk")
    )
    named_by_token = {token: _matches(token, people) for token in tokens}
    seeing_pks = _seeing({person for named in named_by_token.values() for person in named}, milestone)
    found, unseen, unknown = [], [], []
    for token, named in named_by_token.items():
        if not named:
            unknown.append(token)
            continue
        seeing = [person for person in named if person.pk in seeing_pks]
        if seeing:
            found.extend(person for person in seeing if person not in found)
        else:
            unseen.append(named[0].name)
    errors = []
    if unseen:
        errors.append(
            _("%(names)s may not see this milestone: they cannot be named here. Nothing was saved.")
            % {"names": ", ".join(unseen)}
        )
    if unknown:
        errors.append(
            _("Nobody is called %(names)s: name people by their name or login. Nothing was saved.")
            % {"names": ", ".join("@" + token for token in unknown)}
        )
    if errors:
        raise ValidationError({field: errors})
    return found
