"""Fill msgstr entries of each app's Indonesian catalogue from `locale/id.yaml` beside it.

    python tools/po_fill.py   (then `make messages` recompiles)

`src/lindung/<app>/locale/id.yaml` maps English msgid -> Indonesian text. Entries already
translated in the .po are left alone unless the YAML says otherwise; untranslated ones are listed
and make the tool exit 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib
import yaml


class _UniqueKeys(yaml.SafeLoader):
    """A glossary that names one msgid twice (a careless merge) is an error, not a silent override."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        seen: set[object] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"msgid {key!r} twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def fill(po_path: Path, glossary: dict[str, str]) -> list[str]:
    po = polib.pofile(str(po_path), wrapwidth=0)
    missing: list[str] = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid in glossary:
            entry.msgstr = glossary[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr:
            missing.append(entry.msgid)
    po.save()
    return missing


def main() -> int:
    root = Path(__file__).resolve().parent.parent / "src" / "lindung"
    status = 0
    for glossary_file in sorted(root.glob("*/locale/id.yaml")):
        glossary = yaml.load(glossary_file.read_text(encoding="utf-8"), Loader=_UniqueKeys) or {}
        po = glossary_file.parent / "id" / "LC_MESSAGES" / "django.po"
        if not po.exists():
            continue
        for msgid in fill(po, glossary):
            print(f"{glossary_file.parent.parent.name}: untranslated: {msgid!r}")
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
