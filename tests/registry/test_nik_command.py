import json
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "lindung.cli", *args], capture_output=True, text=True)


def test_nik_check_json_valid_exits_zero():
    p = run("nik", "check", "1507015203850002", "--birth-date", "1985-03-12", "--sex", "F", "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out == {
        "nik": "1507015203850002",
        "valid": True,
        "errors": [],
        "warnings": [],
        "district_code": "150701",
        "birth_date": "1985-03-12",
        "sex": "F",
    }


def test_nik_check_json_invalid_exits_one():
    p = run("nik", "check", "1507011203850000", "--json")
    assert p.returncode == 1
    assert json.loads(p.stdout)["errors"] == ["serial 0000 is not issued"]


def test_nik_check_bad_argument_exits_two():
    p = run("nik", "check", "1507011203850001", "--birth-date", "12/03/1985")
    assert p.returncode == 2
    assert "--birth-date" in p.stderr


def test_missing_argument_is_one_line_not_the_usage_block():
    p = run("nik", "check")
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == ["lindung nik check: the following arguments are required: nik"]
