"""Region codes: counts from SOURCES.md item 1 (38 provinces, 514 current regencies, Jambi 144
districts and 1,585 villages; Tanjung Jabung Timur 11 districts and 93 villages)."""

from lindung.audit.models import AuditEvent
from lindung.registry import selectors
from lindung.registry.models import Region
from lindung.registry.services.regions import regions_load


def test_counts_and_parents(regions):
    assert Region.objects.filter(level=1).count() == 38
    assert Region.objects.filter(level=2, current=True).count() == 514
    assert Region.objects.filter(level=3, code__startswith="15").count() == 144
    assert Region.objects.filter(level=4).count() == 1585
    tjt = Region.objects.get(code="1507")
    assert tjt.name == "Kabupaten Tanjung Jabung Timur" and tjt.parent_id == "15"
    assert Region.objects.get(code="150701").name == "Muara Sabak Timur"


def test_children_and_descendants(regions):
    assert selectors.region_children("1507").count() == 11
    assert selectors.region_descendants("1507", level=4).count() == 93
    assert [r.code for r in selectors.region_ancestors(Region.objects.get(code="150701"))] == ["15", "1507"]


def test_retired_codes_are_kept_but_not_current(regions):
    merauke_old = Region.objects.get(code="910101")
    assert merauke_old.current is False and merauke_old.parent_id == "9101"


def test_reloading_is_idempotent_and_audited(regions):
    before = Region.objects.count()
    regions_load()
    assert Region.objects.count() == before
    assert AuditEvent.objects.filter(action="regions.load").exists()
