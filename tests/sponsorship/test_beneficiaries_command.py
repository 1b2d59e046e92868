"""`lindung beneficiaries import`: the list import from the command line; one-line errors, exit 2."""

import json
import subprocess
import sys

import pytest
from django.core.management import call_command

from tests.sponsorship.conftest import PRICE, person_row


def test_import_from_the_command_line(scene, users, capsys):
    programme = scene.programme(scene.sponsor(), budget=12 * PRICE)
    officer = users.make("sponsor_officer", sponsor=programme.sponsor, username="petugas_bkbk")
    path = scene.csv([person_row(name="Ani"), person_row(name="Budi", sex="L"), person_row(nik="1")])
    call_command(
        "beneficiaries",
        "import",
        str(programme.pk),
        str(path),
        "--user",
        officer.username,
        "--start",
        "2026-02",
    )
    out = capsys.readouterr().out
    assert "3 rows, 1 enrolled, 1 waiting, 1 not enrolled" in out
    assert "waiting over_budget: 1" in out and "rejected nik_invalid: 1" in out
    call_command(
        "beneficiaries", "import", str(programme.pk), str(path), "--user", officer.username, "--json"
    )
    data = json.loads(capsys.readouterr().out)
    # Ani (enrolled) and Budi (waiting) are already on the list
    assert data["rows"] == 3
    assert {"outcome": "rejected", "reason": "already_listed", "rows": 2} in data["counts"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["import", "1", "/nonexistent.csv", "--user", "x"], "/nonexistent.csv: no such file"),
        (["import", "abc", "/nonexistent.csv", "--user", "x"], "invalid int value: 'abc'"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args, message):
    done = subprocess.run(
        [sys.executable, "-m", "lindung.cli", "beneficiaries", *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
