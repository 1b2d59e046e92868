"""Running benchmarks and recording their figures.

Benchmarks measure against a baseline taken in the same run (absolute times drift on a shared
machine): each Result carries value, baseline and their ratio, the target ratio and whether it was met.
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field


@dataclass
class Result:
    benchmark: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str | None = None  # e.g. ">= 0.7", "<= 1.5", "< 500"
    met: bool | None = None
    note: str = ""

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("note")
        if self.note:
            data["note"] = self.note
        return data


def check(value: float, target: str) -> bool:
    op, _, bound = target.partition(" ")
    b = float(bound)
    return {">=": value >= b, "<=": value <= b, "<": value < b, ">": value > b}[op]


def result(
    benchmark: str,
    value: float,
    unit: str,
    *,
    baseline: float | None = None,
    target: str | None = None,
    ratio_of: str = "value/baseline",
    note: str = "",
) -> Result:
    """A result whose ratio is value/baseline (or baseline/value for times where higher is worse)."""
    ratio = None
    if baseline:
        ratio = value / baseline if ratio_of == "value/baseline" else baseline / value
    met = None
    if target is not None:
        met = check(ratio if ratio is not None else value, target)
    return Result(
        benchmark,
        round(value, 3),
        unit,
        None if baseline is None else round(baseline, 3),
        None if ratio is None else round(ratio, 3),
        target,
        met,
        note,
    )


@contextmanager
def timer() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    elapsed: list[float] = []
    yield lambda: elapsed[0] if elapsed else time.perf_counter() - start
    elapsed.append(time.perf_counter() - start)


GENERATED_TABLES = ("registry_employer", "registry_person", "registry_membership", "billing_payer")


def analyze(*tables: str) -> None:
    """Fresh planner statistics for tables a benchmark just filled, as autovacuum would have
    gathered them by the time real work reads them: plans on real counts, not on empty tables."""
    from django.db import connection

    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"analyze {table}")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Context:
    database_url: str
    scale: float = 1.0  # BENCH_SCALE=0.01 for a quick smoke run
    workdir: str = "var/bench"
    notes: list[str] = field(default_factory=list)

    def n(self, full: int) -> int:
        return max(1, int(full * self.scale))


def default_context() -> Context:
    url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lindung_bench")
    return Context(database_url=url, scale=float(os.environ.get("BENCH_SCALE", "1")))


_READY = False


def setup_django(ctx: Context) -> None:
    """Create the benchmark database if needed, set Django up on it, migrate, load regions."""
    global _READY
    if _READY:
        return
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(ctx.database_url)
    admin_dsn = (
        f"host={cfg['HOST'] or '127.0.0.1'} port={cfg['PORT'] or 5432} user={cfg['USER']} dbname=postgres"
    )
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (cfg["NAME"],)).fetchone()
        if not exists:
            conn.execute(f'create database "{cfg["NAME"]}"')
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from lindung.registry.services.regions import regions_load

    regions_load()
    _READY = True
