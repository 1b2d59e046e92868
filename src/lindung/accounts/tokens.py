"""API tokens: a random key shown once, stored hashed."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction

from lindung.accounts.models import ApiToken, User
from lindung.audit.services import audit_record


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, actor: Any, user: User, name: str = "") -> str:
    """Create a token for `user` and return the key (only this once)."""
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, digest=_digest(key), prefix=key[:8])
    audit_record(actor=actor, action="api_token.issue", obj=token, after={"user": user.pk, "name": name})
    return key


def api_token_user(key: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(digest=_digest(key), revoked=False).first()
    if token is None or not token.user.is_active:
        return None
    return token.user
