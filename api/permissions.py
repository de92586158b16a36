from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from accounts.roles import actor_for
from api.models import ApiToken


class HasRole(permissions.BasePermission):
    """Signed in (by token or session) with a role: a login without one sees nothing on the pages either."""

    message = _("Your login has no role: ask an administrator to link it to your staff record.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and actor_for(request.user).role is not None)


class TokenScope(permissions.BasePermission):
    """A read-only token reads only."""

    message = _("This token is read-only.")

    def has_permission(self, request, view):
        if isinstance(request.auth, ApiToken) and request.auth.read_only:
            return request.method in permissions.SAFE_METHODS
        return True
