from ninja.security import HttpBearer, django_auth

from hamahang.accounts.tokens import api_token_user
from hamahang.core import freshness


class TokenAuth(HttpBearer):
    """Authorization: Bearer hmh_…, created and revoked under /accounts/tokens/."""

    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
            # A token keeps no cookie: its user's last write, remembered on the server, bounds
            # how old the figures this request reads may be (core.freshness).
            freshness.require_after_user_write(user.pk)
        return user


AUTH = [TokenAuth(), django_auth]
