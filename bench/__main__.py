"""`make bench` / `python -m bench [name ...]`: run the benchmarks, print a table and write
var/bench/results.json. Benchmarks run on PostgreSQL (BENCH_DATABASE_URL, default the local
server, database lindung_bench); BENCH_SCALE=0.01 runs everything at 1 % size as a smoke test."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import sys
from pathlib import Path

import bench
from bench.framework import Result, default_context


def main(argv: list[str]) -> int:
    ctx = default_context()
    os.environ["DATABASE_URL"] = ctx.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    Path(ctx.workdir).mkdir(parents=True, exist_ok=True)
    names = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if m.name.startswith("bench_"))
    # an exact name picks that benchmark alone (bench_billing without bench_billing_core)
    exact = [n for n in names if n in argv]
    wanted = exact or [n for n in names if not argv or any(a in n for a in argv)]
    results: list[Result] = []
    for name in wanted:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}", flush=True)
        results.extend(module.run(ctx))
    _print_table(results)
    out = Path(ctx.workdir) / "results.json"
    out.write_text(json.dumps([r.as_json() for r in results], indent=2))
    print(f"\nmachine: {platform.node()} {platform.machine()}, {os.cpu_count()} cpu; scale {ctx.scale}")
    print(f"written {out}")
    unmet = [r.benchmark for r in results if r.met is False]
    if unmet:
        print("targets not met: " + ", ".join(unmet))
    return 0


def _print_table(results: list[Result]) -> None:
    cols = ("benchmark", "value", "unit", "baseline", "ratio", "target", "met")
    rows = [[str(getattr(r, c)) if getattr(r, c) is not None else "-" for c in cols] for r in results]
    widths = [max(len(c), *(len(row[i]) for row in rows)) if rows else len(c) for i, c in enumerate(cols)]
    print()
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
