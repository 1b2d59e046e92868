"""Normalised person names: the key used to flag possible duplicates and to search by name.

Casefolded, accents stripped, runs of whitespace collapsed to one space. Pure, so the services and
the bulk import compute the same key.
"""

from __future__ import annotations

import unicodedata


def normalize_name(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(without_marks.casefold().split())
