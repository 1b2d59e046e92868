"""Reading one cell: text, dates, rupiah amounts and coded values as people type them.

CSV cells arrive as text; XLSX cells as text, numbers, booleans or datetimes. Each parser returns
the clean value or raises `CellError` with a message that quotes what was found, e.g.
`"31/02/1990" is not a date`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from lindung.rules import money


class CellError(ValueError):
    """A cell that cannot be read; the message names the value and the reason."""


def shown(value: Any) -> str:
    """A cell value as the user sees it, for messages."""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f'"{value}"'


def text(value: Any) -> str:
    """The cell as stripped text ("" for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    return str(value).strip()


def digits(value: Any, *, what: str) -> str:
    """A code made of digits (NIK, region code). Excel keeps at most 15 significant digits of a
    number, so a long code typed as a number has lost its last digits: say so."""
    if isinstance(value, float) and value >= 1e15:
        raise CellError(
            _("%(value)s: a %(what)s stored as a number in Excel has lost digits; format the column as text")
            % {"value": shown(value), "what": what}
        )
    return text(value)


# --- dates ----------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_DATE_CACHE: dict[str, dt.date] = {}
_DATE_CACHE_MAX = 100_000
EXCEL_SERIAL_MAX = 2958465  # 9999-12-31


def parse_date(value: Any) -> dt.date:
    """A date from an Excel date cell, an Excel serial number, or text YYYY-MM-DD, DD-MM-YYYY,
    DD/MM/YYYY (or DD.MM.YYYY)."""
    if isinstance(value, str):
        cached = _DATE_CACHE.get(value)
        if cached is not None:
            return cached
        day = _parse_date_text(value)
        if len(_DATE_CACHE) >= _DATE_CACHE_MAX:
            _DATE_CACHE.clear()
        _DATE_CACHE[value] = day
        return day
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= EXCEL_SERIAL_MAX:
        serial = from_excel(value)
        return serial.date() if isinstance(serial, dt.datetime) else serial
    raise CellError(_("%(value)s is not a date") % {"value": shown(value)})


def _parse_date_text(raw: str) -> dt.date:
    s = raw.strip()
    m = _ISO.fullmatch(s)
    if m:
        y, mo, d = m.groups()
    else:
        m = _DAY_FIRST.fullmatch(s)
        if not m:
            raise CellError(
                _("%(value)s is not a date (use YYYY-MM-DD or DD-MM-YYYY)") % {"value": shown(raw)}
            )
        d, mo, y = m.groups()
    try:
        return dt.date(int(y), int(mo), int(d))
    except ValueError:
        raise CellError(_("%(value)s is not a date") % {"value": shown(raw)}) from None


# --- amounts --------------------------------------------------------------------------------------


def parse_rupiah(value: Any) -> int:
    """Whole, non-negative rupiah from a number cell or text as Indonesians write it (`1.250.000`,
    `Rp 1.250.000`, `Rp1.250.000,00`; also `1,250,000` and `1250000.00`: `rules.money.parse_rupiah`).
    Fractions of a rupiah are refused."""
    if isinstance(value, bool):
        raise CellError(_("%(value)s is not an amount in rupiah") % {"value": shown(value)})
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(_("%(value)s is not a whole number of rupiah") % {"value": shown(value)})
    raw = text(value)
    try:
        amount = money.parse_rupiah(raw)
    except ValueError as exc:
        if "fraction" in str(exc):
            raise CellError(_("%(value)s is not a whole number of rupiah") % {"value": shown(raw)}) from exc
        raise CellError(_("%(value)s is not an amount in rupiah") % {"value": shown(raw)}) from exc
    if amount < 0:
        raise CellError(_("%(value)s is not an amount in rupiah") % {"value": shown(raw)})
    return amount


def parse_whole(value: Any) -> int:
    """A whole number (months, counts)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    s = text(value)
    if s.isdigit():
        return int(s)
    raise CellError(_("%(value)s is not a whole number") % {"value": shown(value)})


# --- coded values ---------------------------------------------------------------------------------


def parse_choice(value: Any, choices: Mapping[str, str], *, hint: str) -> str:
    """One of `choices` (keys casefolded); the message lists what is accepted."""
    found = choices.get(text(value).casefold())
    if found is None:
        raise CellError(_("%(value)s is not one of %(hint)s") % {"value": shown(value), "hint": hint})
    return found


SEXES = {
    "m": "M",
    "l": "M",
    "male": "M",
    "laki-laki": "M",
    "laki laki": "M",
    "pria": "M",
    "f": "F",
    "p": "F",
    "female": "F",
    "perempuan": "F",
    "wanita": "F",
}
# The exact spellings most files use, looked up before any casefolding (the common case, fast).
SEX_FAST = {"M": "M", "L": "M", "F": "F", "P": "F", "m": "M", "l": "M", "f": "F", "p": "F"}

BOOLEANS = {
    "ya": True,
    "y": True,
    "yes": True,
    "true": True,
    "1": True,
    "x": True,
    "tidak": False,
    "n": False,
    "no": False,
    "false": False,
    "0": False,
    "": False,
}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    found = BOOLEANS.get(text(value).casefold())
    if found is None:
        raise CellError(_("%(value)s is not one of %(hint)s") % {"value": shown(value), "hint": "ya/tidak"})
    return found


PROGRAMMES = ("JKK", "JKM", "JHT", "JP", "JKP")
_PROGRAMME_SPLIT = re.compile(r"[\s,;+/&]+")


def parse_programmes(value: Any) -> frozenset[str]:
    """Programme codes separated by `+`, `,`, `;`, `/` or spaces: `JKK+JKM+JHT`."""
    raw = text(value)
    codes = frozenset(c.upper() for c in _PROGRAMME_SPLIT.split(raw) if c)
    unknown = sorted(codes - set(PROGRAMMES))
    if unknown:
        raise CellError(
            _("%(value)s: unknown programme %(codes)s (use %(known)s)")
            % {"value": shown(raw), "codes": ", ".join(unknown), "known": "+".join(PROGRAMMES)}
        )
    if not codes:
        raise CellError(_("no programme given (e.g. JKK+JKM)"))
    return codes
