"""Coverage pages: population figures (population.py), the dashboard with its downloads and the
gap and cost (dashboard.py), and the outreach list (outreach.py)."""

from lindung.coverage.views.dashboard import coverage_dashboard, coverage_report_download
from lindung.coverage.views.outreach import outreach_export, outreach_list
from lindung.coverage.views.population import (
    population_import,
    population_import_template,
    population_list,
)

__all__ = [
    "coverage_dashboard",
    "coverage_report_download",
    "outreach_export",
    "outreach_list",
    "population_import",
    "population_import_template",
    "population_list",
]
