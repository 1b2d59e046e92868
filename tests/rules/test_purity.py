"""lindung.rules is pure: it imports nothing from Django and nothing else from lindung."""

from __future__ import annotations

import ast
from pathlib import Path

import lindung.rules

ROOT = Path(lindung.rules.__file__).parent


def test_rules_import_only_the_standard_library_numpy_yaml_and_themselves():
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                assert top != "django", f"{path.name} imports {name}"
                assert top != "lindung" or name.startswith("lindung.rules"), f"{path.name} imports {name}"
