from ninja.security import HttpBearer, django_auth

from hamahang.accounts.tokens import api_token_user


class TokenAuth(HttpBearer):
    """Authorization: Bearer hmh_…, created and revoked under /accounts/tokens/."""

    def authenticate(self, request, token):
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), django_auth]
