"""Reading a beneficiary list file (the registry import's readers): encodings, separators, blank
rows, Indonesian or English headers, refusals; and the cells."""

import datetime as dt

import pytest
from django.utils import translation

from lindung.errors import DomainError
from lindung.sponsorship.listfile import (
    CellError,
    cell_nik,
    cell_priority,
    cell_sex,
    cell_village,
    parse_date,
    read_beneficiary_rows,
)

HEADER = "NIK,Nama,Tanggal Lahir,Jenis Kelamin,Kode Desa,Kategori\n"


def test_windows_1252_with_commas_and_blank_rows_keeping_their_numbers(tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_bytes(
        (HEADER + "1507015203850001,Désy,12-03-1985,P,1507012001,miskin ekstrem\n,,,,,\n"
         "1507011705900001,Budi,1990-05-17,L,1507012001,pekerja rentan\n").encode("cp1252")
    )  # fmt: skip
    rows = list(read_beneficiary_rows(path))
    assert [n for n, _ in rows] == [2, 4]  # row 3 is blank
    assert rows[0][1]["name"] == "Désy" and rows[0][1]["village_code"] == "1507012001"
    assert "source" not in rows[0][1]  # an optional column that is absent


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_unknown_or_missing_columns_refuse_the_file(tmp_path):
    path = tmp_path / "daftar.csv"
    path.write_text(HEADER.strip() + ",Alamat\n", encoding="utf-8")
    with pytest.raises(DomainError, match='unknown column\\(s\\) "Alamat"'):
        list(read_beneficiary_rows(path))
    path.write_text("nik;nama\n1;A\n", encoding="utf-8")
    with pytest.raises(DomainError, match="missing column\\(s\\) birth_date \\(tanggal_lahir\\)"):
        list(read_beneficiary_rows(path))
    empty = tmp_path / "kosong.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(DomainError, match="the file is empty"):
        list(read_beneficiary_rows(empty))


def test_cells():
    assert parse_date("12/03/1985") == parse_date("1985-03-12") == dt.date(1985, 3, 12)
    with pytest.raises(CellError, match='"31-02-1990" is not a date'):
        parse_date("31-02-1990")
    assert cell_priority("") is None and cell_priority(3.0) == 3
    with pytest.raises(CellError, match='"1,5" is not a whole number'):
        cell_priority("1,5")
    assert cell_village("15.07.01.2001") == cell_village(1507012001) == "1507012001"
    assert cell_sex("Perempuan") == cell_sex("p") == "F" and cell_sex("L") == "M"
    assert cell_nik(" 1507015203850001 ") == "1507015203850001"
    with pytest.raises(CellError, match="a NIK stored as a number may have lost digits"):
        cell_nik(1507015203850001)
