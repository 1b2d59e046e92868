from typing import Any

from django.apps import AppConfig


class CoverageConfig(AppConfig):
    name = "lindung.coverage"
    label = "coverage"

    def ready(self) -> None:
        from lindung.billing.services.coverage_status import REFRESHED_HOOKS

        if _facts_follow_status not in REFRESHED_HOOKS:  # ready() may run more than once
            REFRESHED_HOOKS.append(_facts_follow_status)


def _facts_follow_status(*, months: Any, memberships: list[int] | None, actor: Any) -> None:
    """Coverage facts already built follow the coverage status: a refresh of given memberships
    updates their regions; a refresh of whole months rebuilds those months."""
    from lindung.coverage.services.facts import coverage_facts_update

    if memberships is None:
        coverage_facts_update(months=months, actor=actor)
    else:
        coverage_facts_update(memberships=memberships, actor=actor)
