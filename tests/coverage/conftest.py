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
