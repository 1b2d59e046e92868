"""lindung.rules: the law of BPJS Ketenagakerjaan's five programmes as data and pure functions.

Parameters (`parameters/**.yaml`, see `parameter.py`)
    parameter(name, on) -> ParameterValue          value in force on a date or month "YYYY-MM":
        .value .unit .effective .reference .link .confidence .as_json()
"""

from lindung.rules.errors import ParameterFileError, RulesError
from lindung.rules.parameter import ParameterValue, parameter

__all__ = ["ParameterFileError", "ParameterValue", "RulesError", "parameter"]
