"""The coverage benchmark's work, in a process of its own on its own database (see bench_coverage):
`BENCH_PARTICIPANTS=N DATABASE_URL=... python -m bench.coverage_child` prints one JSON line."""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import threading
import time
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

MONTH = dt.date(2024, 3, 1)
DAY = dt.date(2024, 3, 31)
EMPLOYERS = 2000
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "60"))


def _log(message: str) -> None:
    sys.stderr.write(f"  [coverage] {message}\n")
    sys.stderr.flush()


def _create_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    dsn = f"host={cfg['HOST'] or '127.0.0.1'} port={cfg['PORT'] or 5432} user={cfg['USER']} dbname=postgres"
    with psycopg.connect(dsn, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (cfg["NAME"],)).fetchone():
            conn.execute(f'create database "{cfg["NAME"]}"')


def _generate(n: int) -> None:
    """n people, one membership each, March 2024's coverage months; set-based, in one transaction."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "TRUNCATE coverage_coveragefact, coverage_coveragefactday, billing_coveragemonth, "
            "registry_membership, registry_person, registry_employer CASCADE"
        )

        def codes(condition: str) -> list[str]:
            cur.execute(f"SELECT code FROM registry_region WHERE current AND {condition} ORDER BY code")
            return [row[0] for row in cur.fetchall()]

        jambi = codes("level = 4 AND code LIKE '15%%'")
        other = codes("level = 2 AND code NOT LIKE '15%%'")
        regencies = codes("level = 2")
        # Arrays indexed by the series number: no join for the planner to get wrong.
        cur.execute(
            f"""INSERT INTO registry_employer (npp, name, region_id, size_class, risk_class, sector_code,
                    labour_intensive, created_at, updated_at)
                SELECT 'BENCH' || g, 'PT Bench ' || g, (%s::text[])[1 + g %% {len(regencies)}], 'besar', 'II',
                       '', false, now(), now()
                FROM generate_series(0, {EMPLOYERS - 1}) g""",
            [regencies],
        )
        cur.execute("SELECT min(id) FROM registry_employer")
        first_employer = cur.fetchone()[0]
        _log(f"people: {n:,}")
        cur.execute(
            f"""INSERT INTO registry_person (nik, name, name_normalized, birth_date, sex, village_id, phone,
                    created_at, updated_at)
                SELECT lpad(g::text, 16, '0'), 'Peserta ' || g, 'PESERTA ' || g,
                       DATE '1970-01-01' + (g %% 12000), CASE WHEN g %% 2 = 0 THEN 'M' ELSE 'F' END,
                       CASE WHEN g %% 10 < 3 THEN (%s::text[])[1 + g %% {len(jambi)}]
                            ELSE (%s::text[])[1 + g %% {len(other)}] END, '', now(), now()
                FROM generate_series(0, {n - 1}) g""",
            [jambi, other],
        )
        _log("memberships")
        # by g % 20: 0-9 PU, 10-14 BPU self, 15-17 Jakon, 18 PMI, 19 BPU sponsored
        cur.execute(
            f"""INSERT INTO registry_membership (person_id, segment, jkk, jkm, jht, jp, jkp, valid_from,
                    valid_to, wage, employer_id, project_id, payer_kind, sector, pmi_contract_months,
                    pmi_jht_amount,
                    previous_id, end_reason, created_at)
                SELECT p.id, s.segment, true, true, s.segment IN ('PU', 'PMI') OR s.r BETWEEN 10 AND 11,
                       s.segment = 'PU', s.segment = 'PU', DATE '2020-01-01',
                       CASE WHEN p.id % 50 = 0 THEN DATE '2023-06-01' END, 3000000,
                       CASE WHEN s.segment IN ('PU', 'JAKON') THEN {first_employer} + p.id % {EMPLOYERS} END,
                       NULL, s.payer, '', NULL, NULL, NULL, '', now()
                FROM registry_person p
                CROSS JOIN LATERAL (SELECT (p.id % 20)::int AS r) q
                CROSS JOIN LATERAL (SELECT q.r AS r,
                    CASE WHEN q.r < 10 THEN 'PU' WHEN q.r < 15 OR q.r = 19 THEN 'BPU'
                         WHEN q.r < 18 THEN 'JAKON' ELSE 'PMI' END AS segment,
                    CASE WHEN q.r < 10 THEN 'employer' WHEN q.r < 15 OR q.r = 18 THEN 'self'
                         WHEN q.r < 18 THEN 'contractor' ELSE 'sponsor' END AS payer) s"""
        )
        _log("coverage months")
        cur.execute(
            f"""INSERT INTO billing_coveragemonth (membership_id, month, status, updated_at)
                SELECT id, DATE '{MONTH.isoformat()}',
                       CASE WHEN id % 25 = 0 THEN 'unpaid' ELSE 'paid' END, now()
                FROM registry_membership"""
        )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")


class _Quiet(WSGIRequestHandler):
    def log_message(self, format, *args):
        pass


def _measure(base: str, cookie: str, urls: dict[str, str]) -> dict[str, dict]:
    times: dict[str, list[float]] = {k: [] for k in urls}
    sizes: dict[str, int] = {}

    def get(url: str) -> bytes:
        request = urllib.request.Request(base + url, headers={"Cookie": f"sessionid={cookie}"})
        with urllib.request.urlopen(request) as response:
            return response.read()

    for key, url in urls.items():  # warm up: templates, geometry, plans
        for _ in range(3):
            sizes[key] = len(get(url))
    for _ in range(REQUESTS):
        for key, url in urls.items():
            start = time.perf_counter()
            get(url)
            times[key].append((time.perf_counter() - start) * 1000)
    out = {}
    for key, values in times.items():
        values.sort()
        out[key] = {
            "p50_ms": statistics.median(values),
            "p95_ms": values[min(len(values) - 1, round(0.95 * (len(values) - 1)))],
            "requests": len(values),
            "bytes": sizes[key],
        }
    return out


def main() -> None:
    n = int(os.environ["BENCH_PARTICIPANTS"])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lindung.settings")
    _create_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    from lindung.registry.models import Membership, Region
    from lindung.registry.services.regions import regions_load

    if not Region.objects.filter(code="1507").exists():
        regions_load()
    from lindung.coverage.models import CoverageFact, CoverageFactDay
    from lindung.coverage.services.facts import coverage_facts_rebuild

    built = CoverageFactDay.objects.filter(day=DAY).first()
    reused = built is not None and Membership.objects.count() == n
    generate_seconds = 0.0
    facts_seconds = 0.0
    if not reused:
        start = time.perf_counter()
        _generate(n)
        generate_seconds = time.perf_counter() - start
        _log(f"generated in {generate_seconds:.0f} s; building facts")
        start = time.perf_counter()
        built = coverage_facts_rebuild(MONTH)
        facts_seconds = time.perf_counter() - start
        _log(f"facts built in {facts_seconds:.1f} s")
    assert built is not None
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench-coverage", defaults={"role": "admin"})
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"].value

    from django.core.wsgi import get_wsgi_application

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    as_of = DAY.isoformat()
    urls = {
        "static": "/static/lindung/site.css",
        "static_page": "/login/",
        "province_data": f"/coverage/report.json?region=15&as_of={as_of}",
        "regency_data": f"/coverage/report.json?region=1507&as_of={as_of}",
        "province_page": f"/coverage/?region=15&month={MONTH:%Y-%m}",
        "regency_page": f"/coverage/?region=1507&month={MONTH:%Y-%m}",
    }
    measured = _measure(base, cookie, urls)
    server.shutdown()
    print(
        json.dumps(
            {
                "participants": built.participants,
                "fact_rows": CoverageFact.objects.count(),
                "generate_seconds": generate_seconds,
                "facts_seconds": facts_seconds,
                "reused": reused,
                "urls": measured,
            }
        )
    )


if __name__ == "__main__":
    main()
