"""One people import in a process of its own, so its peak memory is the import's:
`python -m bench.import_child FILE` prints one JSON line (seconds, rows, peak memory, the CPU
seconds of this process and of its database server process, counts)."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    import django

    django.setup()
    from django.db import connection

    from bench.bench_import import backend_cpu_seconds
    from bench.framework import peak_rss_mb
    from lindung.registry.imports.service import import_run

    with connection.cursor() as cur:
        server_before = backend_cpu_seconds(cur)
    rss_before = peak_rss_mb()
    cpu_before = time.process_time()
    start = time.perf_counter()
    report = import_run(actor=None, kind="people", path=Path(path))
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_before
    with connection.cursor() as cur:
        server_after = backend_cpu_seconds(cur)
    server = None if server_before is None or server_after is None else server_after - server_before
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rows": report.rows,
                "client_cpu": cpu,
                "server_cpu": server,
                "peak_rss_mb": peak_rss_mb(),
                "rss_before_mb": rss_before,
                "report": report.as_json(max_errors=5),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
