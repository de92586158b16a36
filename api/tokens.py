"""Personal API tokens: made, checked, used and revoked here only. The secret is shown once and kept as a hash."""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from api.models import ApiToken

TOKEN_START = "gt_"
#: How long a new token may live, in days: the choices of the settings page.
LIFETIMES = (30, 90, 365)
#: The last use is written at most this often per token, not on every request.
LAST_USED_EVERY = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole token, shown once


def _digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(*, user, name, days, read_only, now):
    """A new token of ``user`` valid for ``days``; the returned ``secret`` is never stored nor shown again."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the token a name.")
    if days not in LIFETIMES:
        errors["days"] = _("Choose one of the offered lifetimes.")
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=prefix,
        secret_hash=_digest(raw),
        read_only=read_only,
        created_at=now,
        expires_at=now + datetime.timedelta(days=days),
    )
    return NewToken(token, raw)


def api_token_revoke(*, user, token_id, now):
    """Revoke one of ``user``'s own tokens; it stops working at once. Returns whether one was revoked."""
    return bool(ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(revoked_at=now))


def api_token_check(raw, *, now):
    """The active token ``raw`` stands for, with its user, or None; records its last use (at most once a minute)."""
    if not raw.startswith(TOKEN_START) or raw.count("_") < 2:
        return None
    prefix = raw[len(TOKEN_START) :].split("_", 1)[0]
    token = (
        ApiToken.objects.select_related("user")
        .filter(prefix=prefix, revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _digest(raw)):
        return None
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    return token


def api_tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk")
