"""Reading a beneficiary list file: encodings, separators, blank rows, refusals."""

import datetime as dt

import pytest

from lindung.errors import DomainError
from lindung.sponsorship.listfile import CellError, cell_date, cell_digits, cell_whole, read_beneficiary_rows

HEADER = "NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kode Desa,Kategori,Alamat\n"


def test_windows_1252_with_commas_and_blank_rows_keeping_their_numbers(tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_bytes(
        (HEADER + "1507015203850001,Désy,12-03-1985,P,1507012001,miskin ekstrem,Jl. Sabak\n,,,,,,\n"
         "1507011705900001,Budi,1990-05-17,L,1507012001,pekerja rentan,\n").encode("cp1252")
    )  # fmt: skip
    rows = list(read_beneficiary_rows(path))
    assert [n for n, _ in rows] == [2, 4]  # row 3 is blank
    assert rows[0][1]["name"] == "Désy" and rows[0][1]["village_code"] == "1507012001"
    assert "source" not in rows[0][1]  # an optional column that is absent
    assert "Alamat" not in rows[0][1]  # extra columns are ignored


def test_missing_columns_and_old_excel_are_refused(tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_text("nik;nama\n1;A\n", encoding="utf-8")
    with pytest.raises(DomainError, match="lacks the column\\(s\\) birth_date, sex, village_code, category"):
        list(read_beneficiary_rows(path))
    old = tmp_path / "daftar.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(DomainError, match=r"old \.xls files cannot be read"):
        list(read_beneficiary_rows(old))
    empty = tmp_path / "kosong.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DomainError, match="the file is empty"):
        list(read_beneficiary_rows(empty))


def test_cells():
    assert (
        cell_date("12/03/1985") == cell_date("12.03.1985") == cell_date("1985-03-12") == dt.date(1985, 3, 12)
    )
    with pytest.raises(CellError, match='"31-02-1990" is not a date'):
        cell_date("31-02-1990")
    with pytest.raises(CellError, match="use YYYY-MM-DD or DD-MM-YYYY"):
        cell_date("12 Maret 1985")
    assert cell_whole("") is None and cell_whole(3.0) == 3
    with pytest.raises(CellError, match='"1,5" is not a whole number'):
        cell_whole("1,5")
    assert cell_digits("15.07.01.2001", what="village code") == "1507012001"
    assert cell_digits(1507012001, what="village code") == "1507012001"
