"""Contributions: `contribution(facts, month)` for one membership, `contributions_batch` for many."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from lindung.rules.contributions.bpu import bpu_lines
from lindung.rules.contributions.facts import ContributionFacts
from lindung.rules.contributions.jakon import jakon_lines
from lindung.rules.contributions.pmi import pmi_lines
from lindung.rules.contributions.pu import pu_lines
from lindung.rules.contributions.result import ContributionLine, ContributionResult
from lindung.rules.months import month_label, month_start
from lindung.rules.trace import Trace

SEGMENT_LINES: dict[str, Callable[[ContributionFacts, dt.date, Trace], list[ContributionLine]]] = {
    "PU": pu_lines,
    "BPU": bpu_lines,
    "JAKON": jakon_lines,
    "PMI": pmi_lines,
}


def contribution(facts: ContributionFacts, month: dt.date | str) -> ContributionResult:
    """The contribution of one membership for a contribution month (a date or "YYYY-MM"): one line
    per programme with its base, rate and the share of each payer, the totals, and the trace.
    The values in force on the first day of the month apply. Raises RulesError naming the field."""
    day = month_start(month)
    facts.check()
    trace = Trace()
    lines = SEGMENT_LINES[facts.segment](facts, day, trace)
    return ContributionResult(
        segment=facts.segment,
        month=month_label(day),
        lines=lines,
        trace=trace.steps,
        parameters=trace.parameters_json(),
    )
