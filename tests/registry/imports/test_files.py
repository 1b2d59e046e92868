"""registry/imports/files.py through import_run: encodings, separators, blank and unreadable rows,
files that cannot be imported at all."""

from __future__ import annotations

import pytest

from lindung.registry.imports.columns import ImportFileError
from lindung.registry.imports.files import inspect
from lindung.registry.imports.service import import_run
from lindung.registry.models import Employer, Person

pytestmark = pytest.mark.django_db

SITI = "1507015203850002"  # woman born 12-03-1985 (day 12 + 40)
SUTAN = "1507013101900001"  # man born 31-01-1990
HEADER = b"nik,name,birth_date,sex\r\n"


def test_encodings_are_told_apart(tmp_path):
    cases = {
        "utf8.csv": ("nama\nSútan\n".encode(), "utf-8"),
        "bom.csv": ("\ufeffnama\nSútan\n".encode(), "utf-8-sig"),
        "cp1252.csv": ("nama\nSútan\n".encode("cp1252"), "cp1252"),
        "utf16.csv": ("\ufeffnama\nSútan\n".encode("utf-16-le"), "utf-16"),
    }
    for name, (content, encoding) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        assert inspect(path).encoding == encoding, name


def test_blank_lines_keep_their_row_numbers(regions, tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_bytes(HEADER + b"\r\n,,,\r\n" + f"{SUTAN},Sutan,1990-02-31,M\r\n".encode())
    report = import_run(actor=None, kind="people", path=path)
    # Row 2 is empty, row 3 holds only separators: both skipped, neither counted.
    assert (report.rows, report.rejected) == (1, 1)
    assert str(report.errors[0]) == 'row 4, birth_date: "1990-02-31" is not a date'


def test_an_unreadable_line_is_a_rejected_row_and_the_rest_imports(regions, tmp_path):
    path = tmp_path / "nul.csv"
    path.write_bytes(
        HEADER + b"1507013101900001,Su\x00tan,1990-01-31,M\r\n" + f"{SITI},Siti,1985-03-12,F\r\n".encode()
    )
    report = import_run(actor=None, kind="people", path=path)
    assert (report.imported, report.rejected) == (1, 1)
    assert str(report.errors[0]) == "row 2, row: this row cannot be read (it holds a NUL character)"
    assert list(Person.objects.values_list("nik", flat=True)) == [SITI]


def test_quoted_fields_with_separators_and_line_breaks(regions, tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_bytes(HEADER + f'{SITI},"Rahayu, Siti",1985-03-12,F\r\n'.encode())
    assert import_run(actor=None, kind="people", path=path).imported == 1
    assert Person.objects.get().name == "Rahayu, Siti"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\r\n\r\n", "row 1 must hold the column names"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old .xls files cannot be read"),
        (b"PK\x03\x04 not really a workbook", "the file cannot be read as XLSX"),
    ],
)
def test_files_that_cannot_be_imported(regions, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        import_run(actor=None, kind="people", path=path)
    assert caught.value.message.startswith(message)


def test_a_key_repeated_in_a_later_batch_is_caught_for_every_kind(regions, csv_file):
    path = csv_file(
        [
            ["npp", "nama", "kode_wilayah", "skala_usaha", "kelas_risiko"],
            ["NPP1", "PT Satu", "1507", "kecil", "I"],
            ["NPP2", "PT Dua", "1507", "kecil", "I"],
            ["npp1", "PT Satu lagi", "1507", "besar", "I"],  # NPPs are compared in capitals
        ]
    )
    report = import_run(actor=None, kind="employers", path=path, batch_size=1)
    assert report.imported == 2
    assert str(report.errors[0]) == 'row 4, npp: "NPP1" is already in row 2 of this file'
    assert Employer.objects.get(npp="NPP1").name == "PT Satu"


def test_excel_unicode_text_utf16_with_tabs(regions, tmp_path):
    path = tmp_path / "unicode.txt"
    text = f"nik\tnama\ttanggal_lahir\tjenis_kelamin\r\n{SUTAN}\tSútan\t31/01/1990\tL\r\n"
    path.write_bytes(text.encode("utf-16"))  # with its BOM, as Excel saves "Unicode Text"
    assert import_run(actor=None, kind="people", path=path).imported == 1
    assert Person.objects.get().name == "Sútan"
