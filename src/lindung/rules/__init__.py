"""lindung.rules: the law of BPJS Ketenagakerjaan's five programmes as data and pure functions.

Pure Python (numpy for the batch path, PyYAML for the parameters); imports nothing from Django or
the rest of lindung. Money is integer rupiah, rates are Decimal, every amount is rounded half up to
the rupiah per line, and every result carries a trace of its steps with their legal basis.

Parameters (`parameters/**.yaml`, see `parameter.py`)
    parameter(name, on) -> ParameterValue          value in force on a date or month "YYYY-MM":
        .value .unit .effective .reference .link .confidence .as_json()

Contributions
    ContributionFacts(segment, programmes, wage=None, risk_class=None, size_class=None,
                      labour_intensive=False, sector=None, sponsored=False, contract_value=None,
                      contract_months=None, pmi_jht=None)
        segment "PU" | "BPU" | "JAKON" | "PMI"; programmes a subset of JKK JKM JHT JP JKP;
        wage: PU wage, BPU declared income, Jakon wage when known; risk_class "I".."V" (PU);
        size_class besar/menengah/kecil/mikro (PU); labour_intensive: the employer qualifies for
        PP 7/2025; sector "transport" -> PP 50/2025 (BPU); sponsored: a sponsor pays (BPU, and
        PP 50/2025 does not apply); contract_value: Jakon when wages are unknown; contract_months
        and pmi_jht (chosen monthly JHT amount): PMI.
        ContributionFacts.of(segment, programmes=None, **fields) fills the segment's usual programmes.
    contribution(facts, month) -> ContributionResult     month: date (first of month) or "YYYY-MM"
        .lines: [ContributionLine(programme, base, rate, employer, worker, government, sponsor,
                 amount, basis, deferred)] - PMI's package is the programme "JKK+JKM"
        .totals {employer, worker, government, sponsor, total}; .trace [Step]; .parameters (JSON,
        to freeze on a bill line); .as_json()
    contributions_batch(month, *, segment, columns) -> BatchResult (see contributions/batch.py)
        programme -> {base, employer, worker, government, sponsor, amount, deferred, present}
        as int64 arrays, exactly the scalar amounts; .parameters as above
    late_fine(amount_due, months_late, contribution_month) -> (fine, [Step])
        2 %/month of delay (0,5 % for Aug 2020 - Jan 2021, PP 49/2020); BPU has none: the caller decides.

Benefits - each returns a BenefitResult: .lines [BenefitLine(item, amount)], .total, .trace,
.extra (also result["key"]), .parameters, .as_json()
    jkm_benefit(event_date, months_contributed, children=0)            extra: scholarship
    jkk_death_benefit(event_date, wage, children=0)                    extra: scholarship
    jkk_disability_benefit(event_date, wage, percent=0, *, total=False, function_percent=100,
                           children=0)
    jkk_stmb_benefit(event_date, wage, days)                           extra: schedule
    jht_balance(history, as_of, *, opening_balance=0, opening_month=None, annual_return=None)
        history rows (month, employer, worker); extra: balance, yearly, partial_withdrawal
    jht_partial_withdrawal_limit(balance, membership_months, *, purpose="housing", on=None)
    pension_age(birth_date) -> (age_years, pension_date)
    jp_benefit(birth_date, history, *, start=None, inflation=None)
        history rows (month, wage); extra: kind ("pension" | "lump_sum"), monthly, pension_date...
    jkp_eligibility(event_date, paid_months, *, claim_date=None, age_at_registration=None)
        -> JkpEligibility(eligible, reasons, months_in_window, consecutive_months, trace)
    jkp_benefit(event_date, last_wage)                                 extra: base, schedule

Errors: RulesError(message, field=...) for facts that cannot be computed; ParameterFileError for a
malformed parameter file (names the file and the key).
"""

from lindung.rules.benefits.death import jkk_death_benefit, jkm_benefit
from lindung.rules.benefits.jht import jht_balance, jht_partial_withdrawal_limit
from lindung.rules.benefits.jkk import jkk_disability_benefit, jkk_stmb_benefit
from lindung.rules.benefits.jkp import JkpEligibility, jkp_benefit, jkp_eligibility
from lindung.rules.benefits.jp import jp_benefit, jp_monthly_from_indexed, jp_monthly_in_payment, pension_age
from lindung.rules.benefits.result import BenefitLine, BenefitResult
from lindung.rules.contributions import contribution
from lindung.rules.contributions.batch import BatchResult, contributions_batch
from lindung.rules.contributions.facts import ContributionFacts
from lindung.rules.contributions.result import ContributionLine, ContributionResult
from lindung.rules.errors import ParameterFileError, RulesError
from lindung.rules.fines import late_fine
from lindung.rules.parameter import ParameterValue, parameter
from lindung.rules.trace import Step

__all__ = [
    "BatchResult",
    "BenefitLine",
    "BenefitResult",
    "ContributionFacts",
    "ContributionLine",
    "ContributionResult",
    "JkpEligibility",
    "ParameterFileError",
    "ParameterValue",
    "RulesError",
    "Step",
    "contribution",
    "contributions_batch",
    "jht_balance",
    "jht_partial_withdrawal_limit",
    "jkk_death_benefit",
    "jkk_disability_benefit",
    "jkk_stmb_benefit",
    "jkm_benefit",
    "jkp_benefit",
    "jkp_eligibility",
    "jp_benefit",
    "jp_monthly_from_indexed",
    "jp_monthly_in_payment",
    "late_fine",
    "parameter",
    "pension_age",
]
