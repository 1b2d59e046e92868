"""Coverage fixtures: the shipped population figures, and files to import."""

from __future__ import annotations

import io
import shutil

import pytest

from lindung.coverage.services import population


@pytest.fixture
def stats(regions):
    """The shipped figures, loaded as `lindung load-stats` does."""
    return population.population_stats_load(actor=None)


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of the shipped data directory that the loader reads instead."""
    target = tmp_path / "data"
    shutil.copytree(population.DATA_DIR, target)
    monkeypatch.setattr(population, "DATA_DIR", target)
    return target


def csv_file(text: str, name: str = "figures.csv") -> io.BytesIO:
    f = io.BytesIO(text.encode("utf-8"))
    f.name = name
    return f


HEADER = "region_code,period,indicator,value,source,source_url,quality,note\n"


# --- a small registry with coverage months, built directly -----------------------------------------

VILLAGE_A = "1507011010"  # Muara Sabak Ilir, kecamatan Muara Sabak Timur (150701), Tanjung Jabung Timur
VILLAGE_B = "1507022003"  # Simpang Jelita, kecamatan Nipah Panjang (150702)
CITY_VILLAGE = "1571011001"  # Simpang IV Sipin, Kota Jambi (1571)


class CoverageWorld:
    """People, employers, projects, memberships, sponsored beneficiaries and their coverage months,
    created directly (the coverage-status helper maintains CoverageMonth in the real system)."""

    def __init__(self) -> None:
        import itertools

        self._seq = itertools.count(1)

    def person(self, village: str | None = VILLAGE_A, name: str = "Siti Aminah"):
        import datetime as dt

        from lindung.registry.models import Person

        n = next(self._seq)
        return Person.objects.create(
            nik=f"150701520385{n:04d}",
            name=name,
            name_normalized=name.upper(),
            birth_date=dt.date(1985, 3, 12),
            sex="F",
            village_id=village,
        )

    def employer(self, region: str = "1507"):
        from lindung.registry.models import Employer

        n = next(self._seq)
        return Employer.objects.create(
            npp=f"NPP{n:06d}", name=f"PT Contoh {n}", region_id=region, size_class="besar", risk_class="III"
        )

    def project(self, contractor, region: str):
        import datetime as dt

        from lindung.registry.models import ConstructionProject

        n = next(self._seq)
        return ConstructionProject.objects.create(
            code=f"PRJ-{n}",
            contractor=contractor,
            name="Jembatan",
            contract_value=1_000_000_000,
            start_date=dt.date(2024, 1, 1),
            end_date=dt.date(2025, 1, 1),
            region_id=region,
        )

    def membership(
        self,
        person,
        segment: str = "PU",
        *,
        employer=None,
        project=None,
        payer_kind: str = "employer",
        start=None,
        end=None,
        programmes: tuple[str, ...] = ("JKK", "JKM", "JHT", "JP"),
        months=None,
        status: str = "paid",
    ):
        """A membership with a coverage month of `status` for each of `months` (first days)."""
        import datetime as dt

        from lindung.billing.models.coverage import CoverageMonth
        from lindung.registry.models import Membership

        m = Membership.objects.create(
            person=person,
            segment=segment,
            employer=employer,
            project=project,
            payer_kind=payer_kind,
            valid_from=start or dt.date(2024, 1, 1),
            valid_to=end,
            wage=5_000_000,
            **{p.lower(): True for p in programmes},
        )
        months = months if months is not None else [dt.date(2024, k, 1) for k in (1, 2, 3, 4)]
        CoverageMonth.objects.bulk_create(CoverageMonth(membership=m, month=d, status=status) for d in months)
        return m

    def sponsor_programme(self, name: str = "BKBK Provinsi Jambi 2024", regions=("15",)):
        import datetime as dt

        from lindung.sponsorship.models import Sponsor, SponsoredProgramme

        sponsor = Sponsor.objects.create(kind="province", name="Pemerintah Provinsi Jambi", region_id="15")
        programme = SponsoredProgramme.objects.create(
            sponsor=sponsor,
            name=name,
            fiscal_year=2024,
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 12, 31),
            budget=1_000_000_000,
            declared_income=1_000_000,
            categories=["miskin ekstrem", "pekerja rentan"],
        )
        programme.regions.set(regions)
        return programme

    def sponsored(self, programme, category: str, village: str = VILLAGE_A, **kwargs):
        """A person on `programme`'s list, enrolled with a BPU membership paid by the sponsor."""
        import datetime as dt

        from lindung.sponsorship.models import Beneficiary

        person = self.person(village)
        m = self.membership(person, "BPU", payer_kind="sponsor", programmes=("JKK", "JKM"), **kwargs)
        Beneficiary.objects.create(
            programme=programme,
            person=person,
            village_id=village,
            category=category,
            status="enrolled",
            membership=m,
            enrolled_from=dt.date(2024, 1, 1),
        )
        return m


@pytest.fixture
def world(regions) -> CoverageWorld:
    return CoverageWorld()
