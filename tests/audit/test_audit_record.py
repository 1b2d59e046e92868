import pytest
from django.db import transaction

from lindung.audit.models import AuditEvent
from lindung.audit.services import audit_record
from lindung.registry.models import Region


def test_audit_record_refuses_to_run_outside_a_transaction(transactional_db):
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        audit_record(actor=None, action="x.y", object_type="t")


def test_audit_record_snapshots_before_and_after(regions, users):
    admin = users.admin()
    region = Region.objects.get(code="1507")
    with transaction.atomic():
        event = audit_record(
            actor=admin, action="region.touch", obj=region, before=region, after={"name": "X"}
        )
    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor == admin
    assert event.object_type == "registry.region" and event.object_id == "1507"
    assert event.before["name"] == "Kabupaten Tanjung Jabung Timur"
    assert event.after == {"name": "X"}
