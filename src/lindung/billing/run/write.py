"""Writing lines into the invoices of a month, never twice (see `services.invoice_sets`).

PostgreSQL: COPY the batch into a temporary staging table, then one `INSERT … SELECT … ON CONFLICT DO
NOTHING` joined to the invoices of (payer, month) that still take lines (nothing allocated, not
cancelled). The parameter values (a few kilobytes of JSON shared by every line of a batch) are
staged once in a table of their own and joined in, rather than sent with every line.
Elsewhere: `invoice_sets.invoice_lines_add` (batches of bulk_create, conflicts ignored).
Lines aimed at an invoice that no longer takes lines are not written and are counted as deferred:
the next month's run bills them as adjustments (`adjustments`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connection

from lindung.billing.run.compute import Line
from lindung.billing.services.invoice_sets import LineInput, LinesAdded, invoice_lines_add

STAGE = "billing_run_stage"
COLUMNS = (
    "payer_id",
    "membership_id",
    "person_id",
    "programme",
    "kind",
    "contribution_month",
    "revision",
    "base",
    "employer",
    "worker",
    "government",
    "sponsor",
    "amount",
    "facts",
    "parameters_key",
)
PARAMS = "billing_run_stage_parameters"
_CREATE = f"""
    create temp table if not exists {STAGE} (
        payer_id bigint not null, membership_id bigint, person_id bigint, programme varchar(3) not null,
        kind varchar(12) not null, contribution_month date not null, revision smallint not null,
        base bigint, employer bigint not null, worker bigint not null, government bigint not null,
        sponsor bigint not null, amount bigint not null, facts jsonb not null, parameters_key int not null
    ) on commit delete rows
"""
_CREATE_PARAMS = f"""
    create temp table if not exists {PARAMS} (key int primary key, parameters jsonb not null)
    on commit delete rows
"""
_INSERT = f"""
    insert into billing_invoiceline (invoice_id, {", ".join(COLUMNS[1:-1])}, parameters)
    select i.id, {", ".join("s." + c for c in COLUMNS[1:-1])}, p.parameters
    from {STAGE} s
    join {PARAMS} p on p.key = s.parameters_key
    join billing_invoice i on i.payer_id = s.payer_id and i.month = %s
                          and i.allocated = 0 and i.status <> 'cancelled'
    on conflict do nothing
"""
# lines for invoices that no longer take lines and whose key is not billed yet
_DEFERRED = f"""
    select count(*) from {STAGE} s
    join billing_invoice i on i.payer_id = s.payer_id and i.month = %s
                          and not (i.allocated = 0 and i.status <> 'cancelled')
    where not exists (
        select 1 from billing_invoiceline l
        where l.programme = s.programme and l.contribution_month = s.contribution_month
          and l.kind = s.kind and l.revision = s.revision
          and ((s.membership_id is not null and l.membership_id = s.membership_id)
               or (s.membership_id is null and l.membership_id is null and l.invoice_id = i.id)))
"""
_MISSING = f"""
    select count(*) from {STAGE} s
    where not exists (select 1 from billing_invoice i where i.payer_id = s.payer_id and i.month = %s)
"""


def _text(value: object) -> str:
    return "\\N" if value is None else str(value)


def _escape(json_text: str) -> str:
    """COPY's text format reads backslashes as escapes."""
    return json_text.replace("\\", "\\\\") if "\\" in json_text else json_text


def _copy(lines: Sequence[Line]) -> None:
    raw = connection.cursor().cursor  # the psycopg cursor under Django's wrapper
    raw.execute(_CREATE)
    raw.execute(_CREATE_PARAMS)
    keys: dict[str, str] = {}
    months: dict[dt.date, str] = {}
    out: list[str] = []
    for ln in lines:  # a million lines a month: one f-string each, no per-field calls
        params = keys.get(ln.parameters)
        if params is None:
            params = keys.setdefault(ln.parameters, str(len(keys)))
        month = months.get(ln.contribution_month)
        if month is None:
            month = months.setdefault(ln.contribution_month, ln.contribution_month.isoformat())
        out.append(
            f"{ln.payer_id}\t{_text(ln.membership_id)}\t{_text(ln.person_id)}\t{ln.programme}\t{ln.kind}\t"
            f"{month}\t{ln.revision}\t{_text(ln.base)}\t{ln.employer}\t{ln.worker}\t{ln.government}\t"
            f"{ln.sponsor}\t{ln.employer + ln.worker + ln.sponsor}\t{_escape(ln.facts)}\t{params}"
        )
    with raw.copy(f"copy {PARAMS} (key, parameters) from stdin") as copy:
        copy.write("".join(f"{key}\t{_escape(text)}\n" for text, key in keys.items()))
    with raw.copy(f"copy {STAGE} ({', '.join(COLUMNS)}) from stdin") as copy:
        for start in range(0, len(out), 5000):
            copy.write("\n".join(out[start : start + 5000]) + "\n")


def as_input(ln: Line) -> LineInput:
    import json

    return LineInput(
        programme=ln.programme,
        contribution_month=ln.contribution_month,
        membership_id=ln.membership_id,
        person_id=ln.person_id,
        kind=ln.kind,
        revision=ln.revision,
        base=ln.base,
        employer=ln.employer,
        worker=ln.worker,
        government=ln.government,
        sponsor=ln.sponsor,
        facts=json.loads(ln.facts),
        parameters=json.loads(ln.parameters),
    )


def lines_write(*, month: dt.date, lines: Sequence[Line]) -> LinesAdded:
    """Write `lines` into the payers' invoices for `month` (which must exist). Returns what was
    written (keys already billed are skipped by the database), deferred and left without invoice.
    Must run inside the caller's transaction."""
    if not lines:
        return LinesAdded(0, 0, 0)
    if connection.vendor != "postgresql":
        return invoice_lines_add(month=month, rows=((ln.payer_id, as_input(ln)) for ln in lines))
    _copy(lines)
    with connection.cursor() as cur:
        cur.execute(_INSERT, [month])
        written = cur.rowcount
        cur.execute(_DEFERRED, [month])
        deferred = cur.fetchone()[0]
        cur.execute(_MISSING, [month])
        missing = cur.fetchone()[0]
        cur.execute(f"truncate {STAGE}, {PARAMS}")
    return LinesAdded(written, deferred, missing)
