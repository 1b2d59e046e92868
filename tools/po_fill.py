"""Fill msgstr entries of each app's Indonesian catalogue from `locale/id.yaml` beside it.

    python tools/po_fill.py   (then `make messages` recompiles)

`src/lindung/<app>/locale/id.yaml` maps English msgid -> Indonesian text. Entries already
translated in the .po are left alone unless the YAML says otherwise. Missing ones are listed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ENTRY = re.compile(r'(msgid "((?:[^"\\]|\\.)*)"\nmsgstr ")((?:[^"\\]|\\.)*)(")', re.M)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def fill(po: Path, glossary: dict[str, str]) -> list[str]:
    text = po.read_text(encoding="utf-8")
    missing: list[str] = []

    def replace(m: re.Match[str]) -> str:
        msgid = m.group(2).replace('\\"', '"')
        if msgid and msgid in glossary:
            return m.group(1) + _escape(glossary[msgid]) + m.group(4)
        if msgid and not m.group(3):
            missing.append(msgid)
        return m.group(0)

    text = ENTRY.sub(replace, text)
    text = text.replace("#, fuzzy\n", "")
    po.write_text(text, encoding="utf-8")
    return missing


def main() -> int:
    root = Path(__file__).resolve().parent.parent / "src" / "lindung"
    status = 0
    for glossary_file in sorted(root.glob("*/locale/id.yaml")):
        glossary = yaml.safe_load(glossary_file.read_text(encoding="utf-8")) or {}
        po = glossary_file.parent / "id" / "LC_MESSAGES" / "django.po"
        if not po.exists():
            continue
        missing = fill(po, glossary)
        for msgid in missing:
            print(f"{glossary_file.parent.parent.name}: untranslated: {msgid!r}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
