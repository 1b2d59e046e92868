"""Small-cell suppression for public exports: at district and village level a count below
`THRESHOLD` is shown as "<5", so that nobody can be singled out. Province and regency counts are
large enough to show as they are."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

THRESHOLD = 5
SUPPRESSED = f"<{THRESHOLD}"
SUPPRESSED_LEVELS = frozenset({3, 4})  # district (kecamatan), village (desa/kelurahan)


def region_level(region_code: str) -> int:
    """Level of a Kemendagri code without dots: 2 digits province (1) … 10 digits village (4)."""
    levels = {2: 1, 4: 2, 6: 3, 10: 4}
    if region_code.upper() == "ID":
        return 0
    try:
        return levels[len(region_code)]
    except KeyError:
        raise ValueError(f"{region_code!r} is not a Kemendagri region code") from None


def suppress_count(count: int, level: int) -> int | str:
    """`count` as it may be published for a region of `level` (1 province … 4 village)."""
    if count < 0:
        raise ValueError(f"a count of people cannot be negative ({count})")
    if level in SUPPRESSED_LEVELS and count < THRESHOLD:
        return SUPPRESSED
    return count


def suppress_rows(
    rows: Iterable[Mapping[str, Any]], count_fields: Iterable[str], *, region_field: str = "region_code"
) -> list[dict[str, Any]]:
    """Copies of `rows` with every field in `count_fields` suppressed by the level of the row's region."""
    fields = tuple(count_fields)
    out = []
    for row in rows:
        level = region_level(str(row[region_field]))
        out.append({k: suppress_count(v, level) if k in fields else v for k, v in row.items()})
    return out
