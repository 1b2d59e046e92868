from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from lindung.accounts.tokens import api_token_user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <key>` with a key from `lindung token issue`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user


AUTH = [TokenAuth(), SessionAuth()]
