"""Normalised names: the form in which two spellings of one name compare equal.

Used to flag possible duplicates (same normalised name, birth date and village under different NIKs)
by the one-at-a-time services and the bulk import alike.
"""

from __future__ import annotations

import unicodedata


def name_normalize(name: str) -> str:
    """Casefolded, accents stripped (NFKD, combining marks dropped), whitespace collapsed:
    "  SÚTAN   Syahrir " -> "sutan syahrir"."""
    folded = name.casefold()
    if not folded.isascii():
        # casefold first: some letters fold into a base letter plus a combining mark ("İ" -> "i̇").
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(folded.split())


def name_clean(name: str) -> str:
    """The name as stored: surrounding whitespace removed, inner runs of whitespace collapsed."""
    return " ".join(name.split())
