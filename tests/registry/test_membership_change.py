"""membership_change, membership_end, membership_switch_segment: effective dating on half-open
validity [valid_from, valid_to), reading a past date back, no gap and no overlap on a switch."""

import datetime as dt

import pytest

from lindung.audit.models import AuditEvent
from lindung.errors import Conflict, ValidationFailed
from lindung.registry.models import Membership
from lindung.registry.services.memberships import (
    membership_change,
    membership_end,
    membership_switch_segment,
)
from tests.registry.conftest import FULL_PU

JAN_2024, JUL_2024 = dt.date(2024, 1, 1), dt.date(2024, 7, 1)


@pytest.fixture
def pu(reg):
    person, employer = reg.person(), reg.employer(size_class="kecil")
    return reg.enrol(person, "PU", {"JKK", "JKM", "JHT", "JKP"}, JAN_2024, wage=4_000_000, employer=employer)


def state_on(person, day):
    return [(m.segment, m.wage, m.programmes) for m in Membership.objects.filter(person=person).valid_on(day)]


def test_wage_change_closes_the_version_and_the_past_reads_back(pu, admin):
    new = membership_change(actor=admin, membership=pu, effective=JUL_2024, wage=4_500_000)
    pu.refresh_from_db()
    assert (pu.valid_from, pu.valid_to, pu.wage) == (JAN_2024, JUL_2024, 4_000_000)
    assert (new.valid_from, new.valid_to, new.wage, new.previous) == (JUL_2024, None, 4_500_000, pu)
    kecil = {"JKK", "JKM", "JHT", "JKP"}
    assert state_on(pu.person, dt.date(2024, 6, 30)) == [("PU", 4_000_000, kecil)]
    assert state_on(pu.person, JUL_2024) == [("PU", 4_500_000, kecil)]
    assert state_on(pu.person, dt.date(2023, 12, 31)) == []
    event = AuditEvent.objects.get(action="membership.change")
    assert event.before["valid_to"] is None and event.before["wage"] == 4_000_000
    assert event.after["closed"]["valid_to"] == "2024-07-01" and event.after["opened"]["wage"] == 4_500_000


def test_programme_change_is_checked_against_the_rules(pu, admin):
    with pytest.raises(ValidationFailed) as caught:
        membership_change(actor=admin, membership=pu, effective=JUL_2024, programmes={"JKK", "JKM"})
    assert dict(caught.value.errors) == {"programmes": "PU (kecil) must include JHT, JKP"}
    new = membership_change(actor=admin, membership=pu, effective=JUL_2024, programmes=FULL_PU)
    assert new.programmes == FULL_PU and new.wage == 4_000_000


def test_a_version_cannot_be_back_dated_before_its_start(pu, admin):
    for day in (JAN_2024, dt.date(2023, 12, 1)):
        with pytest.raises(ValidationFailed) as caught:
            membership_change(actor=admin, membership=pu, effective=day, wage=5_000_000)
        assert "back-dating before a version's start is refused" in dict(caught.value.errors)["effective"]
    assert Membership.objects.count() == 1


def test_a_replaced_version_cannot_be_changed(pu, admin):
    new = membership_change(actor=admin, membership=pu, effective=JUL_2024, wage=4_500_000)
    with pytest.raises(Conflict) as caught:
        membership_change(actor=admin, membership=pu, effective=dt.date(2024, 3, 1), wage=4_200_000)
    assert caught.value.field == "membership" and f"replaced by version #{new.pk}" in caught.value.message
    with pytest.raises(Conflict):
        membership_end(actor=admin, membership=pu, end=dt.date(2024, 3, 1), reason="resigned")


def test_change_after_the_end_and_change_of_nothing_are_refused(pu, admin):
    with pytest.raises(ValidationFailed, match="nothing changes"):
        membership_change(actor=admin, membership=pu, effective=JUL_2024, wage=4_000_000)
    membership_end(actor=admin, membership=pu, end=JUL_2024, reason="resigned")
    with pytest.raises(ValidationFailed) as caught:
        membership_change(actor=admin, membership=pu, effective=dt.date(2024, 8, 1), wage=5_000_000)
    assert dict(caught.value.errors) == {"effective": "the membership ends on 2024-07-01"}


def test_change_before_a_planned_end_keeps_the_end(reg, admin):
    contractor = reg.employer()
    project = reg.project(
        contractor=contractor, start_date=dt.date(2024, 3, 1), end_date=dt.date(2024, 12, 31)
    )
    m = reg.enrol(reg.person(), "JAKON", {"JKK", "JKM"}, dt.date(2024, 3, 1), project=project, wage=3_000_000)
    new = membership_change(actor=admin, membership=m, effective=JUL_2024, wage=3_300_000)
    assert (new.valid_from, new.valid_to) == (JUL_2024, dt.date(2025, 1, 1))


def test_jkp_age_is_the_age_at_registration_not_at_the_change(reg, admin):
    # Born 15-01-1971: 53 on 2024-01-01 (JKP applies), 54 on 2025-03-01 when the wage changes.
    person = reg.person("1507011501710001", birth_date=dt.date(1971, 1, 15))
    m = reg.enrol(person, "PU", FULL_PU, JAN_2024, wage=4_000_000, employer=reg.employer())
    new = membership_change(actor=admin, membership=m, effective=dt.date(2025, 3, 1), wage=4_400_000)
    assert "JKP" in new.programmes


def test_end_is_exclusive(pu, admin):
    ended = membership_end(actor=admin, membership=pu, end=JUL_2024, reason="dismissed")
    assert (ended.valid_to, ended.end_reason) == (JUL_2024, "dismissed")
    assert ended.is_valid_on(dt.date(2024, 6, 30)) and not ended.is_valid_on(JUL_2024)
    assert AuditEvent.objects.get(action="membership.end").before["valid_to"] is None


def test_end_refusals(pu, admin):
    with pytest.raises(ValidationFailed) as caught:
        membership_end(actor=admin, membership=pu, end=JAN_2024, reason="bored")
    assert dict(caught.value.errors) == {
        "reason": "'bored' is not one of resigned, dismissed, contract_ended, retired, died, moved, other",
        "end": "2024-01-01 is not after the start 2024-01-01",
    }
    membership_end(actor=admin, membership=pu, end=JUL_2024, reason="resigned")
    with pytest.raises(ValidationFailed, match="already ended on 2024-07-01"):
        membership_end(actor=admin, membership=pu, end=dt.date(2024, 6, 1), reason="resigned")


def test_jakon_cannot_end_after_its_project(reg, admin):
    contractor = reg.employer()
    project = reg.project(
        contractor=contractor, start_date=dt.date(2024, 3, 1), end_date=dt.date(2024, 12, 31)
    )
    m = reg.enrol(reg.person(), "JAKON", {"JKK", "JKM"}, dt.date(2024, 3, 1), project=project)
    with pytest.raises(ValidationFailed, match="cover already ends on 2025-01-01"):
        membership_end(actor=admin, membership=m, end=dt.date(2025, 2, 1), reason="contract_ended")
    assert (
        membership_end(actor=admin, membership=m, end=JUL_2024, reason="contract_ended").valid_to == JUL_2024
    )


def test_switch_pu_to_bpu_and_back_leaves_no_gap_and_no_overlap(pu, admin):
    person = pu.person
    switch_day = dt.date(2025, 1, 1)
    bpu = membership_switch_segment(
        actor=admin, membership=pu, on=switch_day, segment="BPU", programmes={"JKK", "JKM"}, wage=2_000_000
    )
    pu.refresh_from_db()
    assert (pu.valid_to, pu.end_reason) == (switch_day, "segment_switch")
    assert (bpu.segment, bpu.valid_from, bpu.valid_to, bpu.payer_kind) == ("BPU", switch_day, None, "self")
    # Every day around the switch has exactly one membership.
    for day in (dt.date(2024, 12, 30), dt.date(2024, 12, 31), switch_day, dt.date(2025, 1, 2)):
        assert len(state_on(person, day)) == 1
    assert state_on(person, dt.date(2024, 12, 31))[0][0] == "PU"
    assert state_on(person, switch_day)[0][0] == "BPU"

    back_day = dt.date(2025, 9, 1)
    again = membership_switch_segment(
        actor=admin,
        membership=bpu,
        on=back_day,
        segment="PU",
        programmes=FULL_PU,
        wage=5_000_000,
        employer=pu.employer,
    )
    assert state_on(person, dt.date(2025, 8, 31)) == [("BPU", 2_000_000, {"JKK", "JKM"})]
    assert state_on(person, back_day) == [("PU", 5_000_000, FULL_PU)]
    assert again.valid_from == back_day
    events = AuditEvent.objects.filter(action="membership.switch_segment")
    assert events.count() == 2


def test_a_refused_switch_changes_nothing(pu, admin):
    with pytest.raises(ValidationFailed) as caught:
        membership_switch_segment(
            actor=admin,
            membership=pu,
            on=dt.date(2025, 1, 1),
            segment="BPU",
            programmes={"JKK", "JKM"},
            wage=500_000,
        )
    assert dict(caught.value.errors) == {"wage": "Rp500.000 is below the minimum Rp1.000.000"}
    pu.refresh_from_db()
    assert (pu.valid_to, pu.end_reason) == (None, "")
    assert Membership.objects.count() == 1
    with pytest.raises(ValidationFailed, match="already PU"):
        membership_switch_segment(
            actor=admin, membership=pu, on=dt.date(2025, 1, 1), segment="PU", programmes=FULL_PU, wage=1
        )
