from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from api.tokens import api_token_check


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer gt_…``: a personal token acts as its owner; ``request.auth`` is the token."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] != self.keyword:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("The Authorization header takes one token after “Bearer”."))
        token = api_token_check(header[1], now=timezone.now())
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is unknown, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
