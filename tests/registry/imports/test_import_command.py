"""`lindung import ...` (management command import_data): exit codes, the report JSON, templates."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from lindung.registry.imports.service import import_run
from lindung.registry.models import Person

pytestmark = pytest.mark.django_db

SITI = "1507015203850002"  # woman born 12-03-1985 (day 12 + 40)
SUTAN = "1507013101900001"  # man born 31-01-1990


def run(*args: object) -> int:
    """The command as `lindung import ...` runs it; returns the exit code."""
    try:
        call_command("import_data", *[str(a) for a in args])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_exit_zero_when_nothing_is_rejected(regions, csv_file, capsys):
    path = csv_file([["nik", "name", "birth_date", "sex"], [SITI, "Siti", "1985-03-12", "F"]])
    assert run("people", path) == 0
    assert "people: 1 imported, 0 updated, 0 unchanged, 0 rejected" in capsys.readouterr().out


def test_exit_one_and_the_report_json_when_rows_are_rejected(regions, csv_file, tmp_path, capsys):
    path = csv_file(
        [
            ["nik", "nama", "tanggal_lahir", "jenis_kelamin"],
            [SITI, "Siti", "1985-03-12", "P"],
            [SUTAN, "Sutan", "31/02/1990", "L"],
        ]
    )
    out = tmp_path / "report.json"
    assert run("people", path, "--report", out) == 1
    assert 'row 3, tanggal_lahir: "31/02/1990" is not a date' in capsys.readouterr().out
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {k: report[k] for k in ("imported", "updated", "unchanged", "rejected", "errors")} == {
        "imported": 1,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "errors": [{"row": 3, "field": "tanggal_lahir", "message": '"31/02/1990" is not a date'}],
    }


def test_all_or_nothing_flag(regions, csv_file, tmp_path):
    path = csv_file(
        [["nik", "name", "birth_date", "sex"], [SITI, "Siti", "1985-03-12", "F"], [SUTAN, "Sutan", "", "M"]]
    )
    out = tmp_path / "r.json"
    assert run("people", path, "--all-or-nothing", "--report", out) == 1
    assert json.loads(out.read_text())["rolled_back"] is True
    assert not Person.objects.exists()


def test_bad_arguments_and_unusable_files_exit_two(regions, csv_file, tmp_path):
    with pytest.raises(CommandError) as missing:
        call_command("import_data", "people", str(tmp_path / "absent.csv"))
    assert missing.value.returncode == 2
    bad_header = csv_file([["nik", "nama"], [SITI, "Siti"]])
    with pytest.raises(CommandError) as header:
        call_command("import_data", "people", str(bad_header))
    assert header.value.returncode == 2
    assert "missing column(s) birth_date (tanggal_lahir), sex (jenis_kelamin)" in str(header.value)


def test_the_real_command_line(regions, tmp_path):
    """Through the `lindung` entry point, as a user types it: argparse errors exit 2 too."""
    p = subprocess.run(
        [sys.executable, "-m", "lindung.cli", "import", "peeple", "x.csv"], capture_output=True, text=True
    )
    assert p.returncode == 2
    assert "invalid choice: 'peeple'" in p.stderr
    p = subprocess.run(
        [sys.executable, "-m", "lindung.cli", "import", "people", str(tmp_path / "none.csv")],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 2
    assert p.stderr.strip().splitlines()[-1].endswith("none.csv does not exist")


@pytest.mark.parametrize("kind", ["people", "employers", "projects", "memberships"])
def test_templates_carry_the_headers_and_an_example_row(regions, tmp_path, kind):
    xlsx, csv_path = tmp_path / f"{kind}.xlsx", tmp_path / f"{kind}.csv"
    assert run(kind, "--template", xlsx) == 0
    assert run(kind, "--template", csv_path) == 0
    sheet = load_workbook(xlsx, read_only=True).worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel reads the names right
    assert raw.decode("utf-8-sig").splitlines()[0].split(";") == list(header)


def test_the_people_template_example_imports(regions, tmp_path):
    path = tmp_path / "people.xlsx"
    run("people", "--template", path)
    report = import_run(actor=None, kind="people", path=path)
    assert (report.imported, report.rejected) == (1, 0)
