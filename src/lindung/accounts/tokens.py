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


@transaction.atomic
def api_token_revoke(*, actor: Any, prefix: str) -> ApiToken:
    """Revoke the one active token whose key starts with `prefix` (the 8 characters shown when it
    was issued)."""
    from lindung.errors import Conflict, NotFound

    prefix = prefix.strip()
    matches = list(ApiToken.objects.select_for_update().filter(prefix=prefix[:8], revoked=False))
    if len(prefix) < 8 or not matches:
        raise NotFound(f"no active token with prefix {prefix!r}", field="prefix")
    if len(matches) > 1:
        raise Conflict(f"{len(matches)} active tokens share prefix {prefix!r}; revoke them in the admin")
    token = matches[0]
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit_record(actor=actor, action="api_token.revoke", obj=token, after={"user": token.user_id})
    return token
