"""Generated populations for the benchmarks, written set-based with generate_series (PostgreSQL)."""

from __future__ import annotations

from typing import Any


def employers_and_people(
    cur: Any, n: int, tag: str, per_employer: int
) -> tuple[tuple[int, int], tuple[int, int]]:
    """n people born 1990 and one large class III employer in Tanjung Jabung Timur per
    `per_employer` of them, tagged by `tag` (NPP and NIK prefix); returns the (first, last) ids of
    the employers and of the people."""
    employers = max(1, n // per_employer)
    cur.execute(
        """insert into registry_employer (npp, name, region_id, size_class, risk_class, sector_code,
               labour_intensive, created_at, updated_at)
           select %s || '-' || g, 'PT Bench ' || g, '1507', 'besar', 'III', '', false, now(), now()
           from generate_series(1, %s) g""",
        (tag, employers),
    )
    cur.execute("select min(id), max(id) from registry_employer where npp like %s", (tag + "-%",))
    emp = cur.fetchone()
    cur.execute(
        """insert into registry_person (nik, name, name_normalized, birth_date, sex, phone, created_at,
               updated_at)
           select %s || lpad(g::text, 10, '0'), 'Pekerja ' || g, 'PEKERJA ' || g, date '1990-01-01', 'M', '',
                  now(), now()
           from generate_series(1, %s) g""",
        (tag, n),
    )
    cur.execute("select min(id), max(id) from registry_person where nik like %s", (tag + "%",))
    per = cur.fetchone()
    return emp, per
