"""Parameters of the law: YAML files under `parameters/`, one fact (or a small group) per file,
values keyed by the date they take effect, each with its unit, legal reference and confidence.

    parameter("jp.wage_cap", "2026-02")  ->  ParameterValue(value=10547400, effective=2025-03-01, ...)

A file `parameters/jp/wage_cap.yaml` is the parameter `jp.wage_cap`. Its shape:

    description: Highest monthly wage on which JP contributions are computed
    unit: rupiah                  # or a mapping {field: unit} for grouped values (nested as the value)
    applies_by: contribution_month   # contribution_month | event_date | calendar_year
    confidence: H                 # default for the entries; an entry may override (H, M, L)
    applies_to: [PU]              # optional: segments the rule applies to
    values:
      2015-07-01: {value: 7_000_000, reference: "PP 45/2015 Pasal 28 ayat (3)", link: "https://..."}

`value: null` means "not in force from that date" (a relief window that ended, a programme that
did not yet exist). `calendar_year` parameters are series (inflation, JHT returns): each value
belongs to its year only and is keyed by 1 January. Numbers with a decimal point are read as
`Decimal`, never as floats. Everything is checked at load; a bad file raises ParameterFileError
naming the file and the key.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from lindung.rules.errors import ParameterFileError, RulesError
from lindung.rules.months import as_date, month_start

ROOT = Path(__file__).resolve().parent / "parameters"
APPLIES_BY = ("contribution_month", "event_date", "calendar_year")
CONFIDENCE = ("H", "M", "L")
FILE_KEYS = {"description", "unit", "applies_by", "confidence", "applies_to", "note", "values"}
ENTRY_KEYS = {"value", "reference", "link", "confidence", "note"}


def _is_whole(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return _is_whole(v) or isinstance(v, Decimal)


# unit -> (check, what a value must be)
UNITS: dict[str, tuple[Any, str]] = {
    "rupiah": (lambda v: _is_whole(v) and v >= 0, "a whole, non-negative number of rupiah"),
    "percent": (lambda v: _is_number(v) and 0 <= v <= 100, "a percentage between 0 and 100"),
    "months": (lambda v: _is_whole(v) and v >= 0, "a whole number of months"),
    "years": (lambda v: _is_whole(v) and v >= 0, "a whole number of years"),
    "days": (lambda v: _is_whole(v) and v >= 0, "a whole number of days"),
    "count": (lambda v: _is_whole(v) and v >= 0, "a whole, non-negative count"),
    "multiple": (lambda v: _is_number(v) and v >= 0, "a non-negative multiple"),
    "text": (lambda v: isinstance(v, str) and v.strip() != "", "a non-empty text"),
    "boolean": (lambda v: isinstance(v, bool), "true or false"),
}


class _Loader(yaml.SafeLoader):
    """YAML with exact decimals and no silently repeated keys."""


def _decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)).replace("_", ""))


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise ParameterFileError(f"key {key} is repeated (line {key_node.start_mark.line + 1})")
        seen.add(key)
    return loader.construct_mapping(node)


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def json_safe(value: Any) -> Any:
    """Parameter values as JSON: Decimal and dates become strings, ints stay ints."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


@dataclass(frozen=True)
class ParameterValue:
    name: str
    value: Any
    unit: str | dict[str, Any]
    effective: dt.date
    reference: str
    confidence: str
    link: str | None = None
    note: str | None = None

    def as_json(self) -> dict[str, Any]:
        return dict(self._json)

    @cached_property
    def _json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": json_safe(self.value),
            "effective": self.effective.isoformat(),
            "reference": self.reference,
            "confidence": self.confidence,
        }
        if self.link:
            data["link"] = self.link
        return data

    @property
    def source(self) -> str:
        """Where the value comes from, for a trace: reference, date in force, confidence."""
        return f"{self.reference} (from {self.effective.isoformat()}, confidence {self.confidence})"


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str | dict[str, Any]
    applies_by: str
    entries: tuple[ParameterValue, ...]
    applies_to: tuple[str, ...] = ()

    def at(self, on: dt.date, *, field: str | None = None) -> ParameterValue:
        if self.applies_by == "calendar_year":
            for entry in self.entries:
                if entry.effective.year == on.year:
                    return entry
            raise RulesError(f"{self.name} has no value for the year {on.year}", field=field)
        dates = [e.effective for e in self.entries]
        i = bisect.bisect_right(dates, on) - 1
        if i < 0:
            raise RulesError(
                f"{self.name} has no value before {dates[0].isoformat()} (asked for {on.isoformat()})",
                field=field,
            )
        return self.entries[i]

    def series(self) -> dict[int, ParameterValue]:
        return {e.effective.year: e for e in self.entries}


def _check_value(value: Any, unit: Any, where: str) -> None:
    if isinstance(unit, dict):
        if isinstance(value, list):
            for i, item in enumerate(value):
                _check_value(item, unit, f"{where}[{i}]")
            return
        if not isinstance(value, dict):
            raise ParameterFileError(f"{where}: expected a mapping with {sorted(unit)}")
        if set(value) != set(unit):
            raise ParameterFileError(f"{where}: fields {sorted(map(str, value))} must be {sorted(unit)}")
        for key, item in value.items():
            _check_value(item, unit[key], f"{where}.{key}")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _check_value(item, unit, f"{where}.{key}")
        return
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(item, unit, f"{where}[{i}]")
        return
    check, what = UNITS[unit]
    if not check(value):
        raise ParameterFileError(f"{where}: {value!r} is not {what} (unit {unit})")


def _check_unit(unit: Any, where: str) -> None:
    if isinstance(unit, dict):
        for key, item in unit.items():
            _check_unit(item, f"{where}.{key}")
    elif unit not in UNITS:
        raise ParameterFileError(f"{where}: unknown unit {unit!r} (known: {', '.join(UNITS)})")


def _entries(name: str, where: str, data: dict[str, Any]) -> tuple[ParameterValue, ...]:
    values = data.get("values")
    if not isinstance(values, dict) or not values:
        raise ParameterFileError(f"{where}: values: at least one dated value is required")
    default_confidence = data.get("confidence")
    entries: list[ParameterValue] = []
    previous: dt.date | None = None
    for key, entry in values.items():
        at = f"{where}: values.{key}"
        if not isinstance(key, dt.date) or isinstance(key, dt.datetime):
            raise ParameterFileError(f"{at}: the key must be a date YYYY-MM-DD")
        if previous is not None and key <= previous:
            raise ParameterFileError(f"{at}: dates must be in increasing order (after {previous})")
        if data["applies_by"] == "calendar_year" and (key.month, key.day) != (1, 1):
            raise ParameterFileError(f"{at}: a calendar_year value is keyed by 1 January")
        previous = key
        if not isinstance(entry, dict) or "value" not in entry:
            raise ParameterFileError(f"{at}: expected {{value: ..., reference: ...}}")
        unknown = set(entry) - ENTRY_KEYS
        if unknown:
            raise ParameterFileError(f"{at}: unknown field(s) {sorted(unknown)}")
        reference = entry.get("reference")
        if not isinstance(reference, str) or not reference.strip():
            raise ParameterFileError(f"{at}: reference: the legal reference is required")
        confidence = entry.get("confidence", default_confidence)
        if confidence not in CONFIDENCE:
            raise ParameterFileError(f"{at}: confidence: {confidence!r} must be one of H, M, L")
        if entry["value"] is not None:
            _check_value(entry["value"], data["unit"], f"{at}.value")
        entries.append(
            ParameterValue(
                name=name,
                value=entry["value"],
                unit=data["unit"],
                effective=key,
                reference=reference.strip(),
                confidence=confidence,
                link=entry.get("link"),
                note=entry.get("note"),
            )
        )
    return tuple(entries)


def load_file(path: Path, name: str) -> Parameter:
    where = str(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)
    except ParameterFileError as exc:
        raise ParameterFileError(f"{where}: {exc}") from None
    except yaml.YAMLError as exc:
        raise ParameterFileError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ParameterFileError(f"{where}: expected a mapping with description, unit, applies_by, values")
    unknown = set(data) - FILE_KEYS
    if unknown:
        raise ParameterFileError(f"{where}: unknown key(s) {sorted(unknown)}")
    for key in ("description", "unit", "applies_by"):
        if not data.get(key):
            raise ParameterFileError(f"{where}: {key}: required")
    _check_unit(data["unit"], f"{where}: unit")
    if data["applies_by"] not in APPLIES_BY:
        raise ParameterFileError(f"{where}: applies_by: {data['applies_by']!r} must be one of {APPLIES_BY}")
    return Parameter(
        name=name,
        description=str(data["description"]).strip(),
        unit=data["unit"],
        applies_by=data["applies_by"],
        entries=_entries(name, where, data),
        applies_to=tuple(data.get("applies_to") or ()),
    )


def load_parameters(root: Path = ROOT) -> dict[str, Parameter]:
    """Every parameter file under `root`, checked; the name is the path with dots."""
    found: dict[str, Parameter] = {}
    for path in sorted(root.rglob("*.yaml")):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        found[name] = load_file(path, name)
    if not found:
        raise ParameterFileError(f"{root}: no parameter files")
    return found


@lru_cache(maxsize=1)
def parameters() -> dict[str, Parameter]:
    """The package's parameters, loaded and checked once per process."""
    return load_parameters(ROOT)


def definition(name: str) -> Parameter:
    try:
        return parameters()[name]
    except KeyError:
        raise RulesError(f"there is no parameter {name!r}") from None


def parameter(name: str, on: dt.date | str, *, field: str | None = None) -> ParameterValue:
    """The value of parameter `name` in force on a date (or contribution month "YYYY-MM")."""
    if isinstance(on, str) and len(on.strip()) == 7:
        day = month_start(on, field=field or "month")
    else:
        day = as_date(on, field=field or "date")
    return definition(name).at(day, field=field)
