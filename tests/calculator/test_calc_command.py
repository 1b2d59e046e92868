"""`lindung calc`: the shapes other parts rely on, and exit 2 with one stderr line for bad arguments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from lindung.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "lindung.cli", "calc", *args], capture_output=True, text=True
    )


@pytest.fixture
def cli(capsys):
    """The same entry point in this process (faster): returns (exit code, stdout, stderr)."""

    def call(*args: str) -> tuple[int, str, str]:
        code = 0
        try:
            main(["lindung", "calc", *args])
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return call


def test_pu_contribution_json():
    p = run("contribution", "--segment", "PU", "--wage", "9000000", "--risk-class", "III", "--size", "besar",
            "--month", "2025-06", "--json")  # fmt: skip
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert (out["segment"], out["month"]) == ("PU", "2025-06")
    jkk = out["lines"][0]
    # regulation.md E01: 9.000.000 x 0,89 % = 80.100, employer only
    shares = {"employer": 80100, "worker": 0, "government": 0, "sponsor": 0, "amount": 80100}
    assert jkk == {"programme": "JKK", "base": 9000000, "rate": "0.0089", **shares, "basis": jkk["basis"]}
    assert jkk["basis"].startswith("PP 44/2015")
    assert [line["programme"] for line in out["lines"]] == [
        "JKK",
        "JKM",
        "JHT",
        "JP",
    ]  # mandatory for "besar"
    assert out["totals"] == {
        "employer": 620100,
        "worker": 270000,
        "government": 0,
        "sponsor": 0,
        "total": 890100,
    }
    assert out["trace"][0]["formula"] == "Rp9.000.000 × 0,89 % = Rp80.100"


def test_bpu_transport_and_jakon_and_pmi(cli):
    income = ("--income", "1000000", "--programmes", "JKK,JKM,JHT", "--sector", "transport")
    bpu = json.loads(cli("contribution", "--segment", "BPU", *income, "--month", "2026-02", "--json")[1])
    assert bpu["totals"]["worker"] == 28400  # 5.000 + 3.400 + 20.000 (PP 50/2025)
    jakon = json.loads(cli("contribution", "--segment", "JAKON", "--contract-value", "1000000000", "--month",
                           "2025-06", "--json")[1])  # fmt: skip
    assert [line["employer"] for line in jakon["lines"]] == [1540000, 210000]  # E28
    pmi = json.loads(cli("contribution", "--segment", "PMI", "--contract-months", "24", "--month", "2025-06",
                         "--jht", "50000", "--json")[1])  # fmt: skip
    assert [(line["programme"], line["amount"]) for line in pmi["lines"]] == [
        ("JKK+JKM", 370000),
        ("JHT", 50000),
    ]


def test_benefits_json(cli, tmp_path: Path):
    jkm = json.loads(cli("benefit", "JKM", "--event-date", "2025-05-01", "--months-contributed", "36",
                         "--children", "2", "--json")[1])  # fmt: skip
    assert jkm["benefit"] == "JKM" and jkm["total"] == 42000000  # E20
    assert jkm["lines"][0] == {"item": "lump_sum", "amount": 20000000}
    assert jkm["scholarship"]["max_total"] == 174000000
    jkp = json.loads(
        cli("benefit", "JKP", "--event-date", "2025-05-01", "--last-wage", "8000000", "--json")[1]
    )
    assert jkp["total"] == 18000000 and [m["amount"] for m in jkp["schedule"]] == [3000000] * 6  # E23
    wages = tmp_path / "wages.csv"
    wages.write_text("month,wage\n" + "".join(f"2015-{m:02d},8000000\n" for m in range(7, 13)) +
                     "".join(f"2016-{m:02d},8000000\n" for m in range(1, 5)))  # fmt: skip
    jp = json.loads(cli("benefit", "JP", "--birth-date", "1960-05-20", "--history", str(wages), "--json")[1])
    assert jp["lines"] == [{"item": "lump_sum_contributions", "amount": 2120118}]  # see tests/rules/cases
    assert jp["monthly"] == 0 and jp["kind"] == "lump_sum"
    contributions = tmp_path / "contributions.csv"
    contributions.write_text(
        "month,employer,worker\n" + "".join(f"2016-{m:02d},60000,40000\n" for m in range(1, 13))
    )
    jht = json.loads(
        cli("benefit", "JHT", "--history", str(contributions), "--as-of", "2016-12-31", "--json")[1]
    )
    assert jht["total"] == 1239545  # 1.200.000 + 100.000 x 7,19 % x 66/12


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("contribution", "--segment", "XX", "--month", "2025-06"), "--segment"),
        (("contribution", "--segment", "PU", "--wage", "9000000", "--month", "2025-13"), "--month"),
        (("contribution", "--segment", "BPU", "--income", "900000", "--month", "2025-06"), "--income"),
        (("contribution", "--segment", "PU", "--wage", "abc", "--month", "2025-06"), "--wage"),
        (("benefit", "JKM", "--months-contributed", "3"), "--event-date"),
        (("benefit", "JKK-DEATH", "--event-date", "2025-05-01"), "--wage"),
        (("benefit", "JP", "--birth-date", "1968-04-01", "--history", "/nonexistent/wages.csv"), "--history"),
    ],
)
def test_bad_arguments_exit_two_with_one_line(cli, args, flag):
    code, out, err = cli(*args)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert flag in err


def test_bad_argument_in_its_own_process():
    p = run("contribution", "--segment", "PU", "--wage", "9000000", "--month", "2025-06")
    assert p.returncode == 2
    assert p.stderr.strip() == "--risk-class: the employer's JKK risk class (I to V) is required"


def test_bad_csv_cell_names_file_row_and_column(cli, tmp_path: Path):
    wages = tmp_path / "wages.csv"
    wages.write_text("month,wage\n2024-01,5000000\n2024-02,lima juta\n")
    code, _, err = cli("benefit", "JP", "--birth-date", "1968-04-01", "--history", str(wages))
    assert code == 2
    assert err.strip() == "--history: wages.csv row 3, wage: 'lima juta' is not a whole number of rupiah"
