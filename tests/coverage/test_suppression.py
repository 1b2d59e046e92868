"""Small cells: fewer than 5 people shown as "<5" at district and village level only."""

import pytest

from lindung.coverage.suppression import region_level, suppress_count, suppress_rows


@pytest.mark.parametrize(
    ("count", "level", "shown"),
    [
        (4, 3, "<5"),  # district
        (0, 4, "<5"),  # village: zero is also a small cell
        (5, 3, 5),  # the threshold itself is shown
        (5, 4, 5),
        (1, 2, 1),  # regency: shown as is
        (3, 1, 3),  # province
        (2, 0, 2),  # Indonesia
    ],
)
def test_suppress_count(count, level, shown):
    assert suppress_count(count, level) == shown


def test_levels_from_codes():
    assert [region_level(c) for c in ("ID", "15", "1507", "150701", "1507012001")] == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError, match="not a Kemendagri region code"):
        region_level("15070")


def test_rows_keep_their_other_fields():
    rows = [
        {"region_code": "150701", "name": "Muara Sabak Timur", "PU": 3, "BPU": 12},
        {"region_code": "1507", "name": "Tanjung Jabung Timur", "PU": 3, "BPU": 4},
        {"region_code": "1507012001", "name": "desa", "PU": 0, "BPU": 5},
    ]
    assert suppress_rows(rows, ["PU", "BPU"]) == [
        {"region_code": "150701", "name": "Muara Sabak Timur", "PU": "<5", "BPU": 12},
        {"region_code": "1507", "name": "Tanjung Jabung Timur", "PU": 3, "BPU": 4},
        {"region_code": "1507012001", "name": "desa", "PU": "<5", "BPU": 5},
    ]
    assert rows[0]["PU"] == 3  # the input is not changed


def test_negative_counts_are_an_error():
    with pytest.raises(ValueError, match="cannot be negative"):
        suppress_count(-1, 3)
