"""`audit_record` is called by every service inside its transaction, so the change and its
audit row are committed together or not at all."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any

from django.db import models, transaction

from lindung.audit.models import AuditEvent


def snapshot(obj: models.Model | None, *, exclude: tuple[str, ...] = ()) -> dict[str, Any] | None:
    """The concrete field values of `obj` as JSON-safe data (foreign keys as their ids)."""
    if obj is None:
        return None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in exclude or field.name in {"password"}:
            continue
        data[field.attname] = _json_safe(getattr(obj, field.attname))
    return data


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return sorted(_json_safe(v) for v in value)
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return value


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    before: dict[str, Any] | models.Model | None = None,
    after: dict[str, Any] | models.Model | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit event. Must run inside the caller's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(f"audit_record({action}) must run inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        before=snapshot(before) if isinstance(before, models.Model) else _json_safe(before),
        after=snapshot(after) if isinstance(after, models.Model) else _json_safe(after),
        note=note,
    )
