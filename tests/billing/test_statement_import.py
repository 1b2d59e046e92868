import datetime as dt
import subprocess
import sys

import pytest
from django.core.management import call_command

from lindung.billing.models import Payment
from lindung.billing.services.invoices import invoice_issue
from lindung.billing.services.statements import statement_import
from lindung.errors import ValidationFailed
from lindung.rules.money import parse_rupiah
from tests.billing.conftest import e07_lines, line

JUNE = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.250.000", 1_250_000),
        ("1.250.000,00", 1_250_000),
        ("Rp 1.250.000", 1_250_000),
        ("Rp. 16.800", 16_800),
        ("1,250,000.00", 1_250_000),
        ("1250000", 1_250_000),
        ("1250000,00", 1_250_000),
        ("-5.000", -5_000),
        ("(5.000)", -5_000),  # a debit in brackets
        ("1,250", 1_250),  # grouped by a comma, as English-language bank files write it
        ("989.000", 989_000),
    ],
)
def test_indonesian_and_english_amounts(text, amount):
    assert parse_rupiah(text) == amount


@pytest.mark.parametrize("text", ["1.250.000,50", "12,5", "abc", ""])
def test_amounts_that_are_not_whole_rupiah_are_refused(text):
    with pytest.raises(ValueError, match=r"not an amount|fraction of a rupiah"):
        parse_rupiah(text)


@pytest.fixture
def invoices(world):
    """PT Sabak Sawit owes 989,000 for June (E07); Sri (BPU, self) owes 16,800 (E15)."""
    m = world.pu_worker(world.employer())
    firm = world.payer(m)
    june = invoice_issue(actor=None, payer=firm, month=JUNE, lines=e07_lines(m, JUNE))
    bpu = world.membership(
        world.person("Sri"), "BPU", payer_kind="self", wage=1_000_000, programmes=("JKK", "JKM")
    )
    sri = world.payer(bpu)
    sri_june = invoice_issue(
        actor=None,
        payer=sri,
        month=JUNE,
        lines=[line(bpu, "JKK", JUNE, worker=10_000), line(bpu, "JKM", JUNE, worker=6_800)],
    )
    return firm, june, sri, sri_june


def statement_cp1252(firm, sri_june) -> bytes:
    text = (
        "Tanggal;Keterangan;VA;Referensi;Jumlah\r\n"
        f"14/07/2025;Setoran iuran Juni café;{firm.virtual_account};BNK001;989.000\r\n"
        "14/07/2025;Pembayaran;8801999999999999;BNK002;100.000\r\n"
        f"15/07/2025;Bayar {sri_june.number};;BNK003;Rp 16.800\r\n"
        f"14/07/2025;Setoran iuran Juni café;{firm.virtual_account};BNK001;989.000\r\n"
        "15/07/2025;Biaya administrasi;;BNK004;-5.000\r\n"
    )
    return text.encode("cp1252")


def test_statement_report_rows_matched_unmatched_duplicate_rejected(invoices):
    firm, june, sri, sri_june = invoices
    report = statement_import(actor=None, file=statement_cp1252(firm, sri_june), channel="BANK")
    assert [(r.row, r.payer_id, r.amount) for r in report.matched] == [
        (2, firm.pk, 989_000),
        (4, sri.pk, 16_800),
    ]
    assert [(r.row, r.message) for r in report.unmatched] == [(3, "no payer with VA 8801999999999999")]
    assert [r.row for r in report.duplicates] == [5]
    assert [(r.row, r.message) for r in report.rejected] == [(6, "not a credit (amount is not above 0)")]
    june.refresh_from_db(), sri_june.refresh_from_db()
    assert june.status == "paid" and sri_june.status == "paid"
    assert Payment.objects.get(external_reference="BNK001").note == "Setoran iuran Juni café"

    again = statement_import(actor=None, file=statement_cp1252(firm, sri_june), channel="BANK")
    assert [r.row for r in again.duplicates] == [2, 4, 5]
    assert again.matched == [] and Payment.objects.count() == 2


def test_utf8_bom_commas_and_no_reference_column(invoices):
    firm, june, _, _ = invoices
    # two identical rows: two payments (the derived reference counts identical rows)
    text = (
        "\ufefftanggal,jumlah,va,keterangan\n"
        f'2025-07-14,"500.000",{firm.virtual_account},transfer\n'
        f'2025-07-14,"500.000",{firm.virtual_account},transfer\n'
    )
    report = statement_import(actor=None, file=text.encode("utf-8"), channel="VA")
    assert [r.row for r in report.matched] == [2, 3]
    june.refresh_from_db(), firm.refresh_from_db()
    # 1,000,000 paid on an invoice of 989,000 → 11,000 credit
    assert (june.status, firm.credit) == ("paid", 11_000)
    again = statement_import(actor=None, file=text.encode("utf-8"), channel="VA")
    assert [r.row for r in again.duplicates] == [2, 3]


def test_a_statement_with_bad_rows_is_refused_whole(invoices):
    firm, _, _, _ = invoices
    text = (
        "Tanggal;Jumlah;VA\n"
        f"14/07/2025;100.000;{firm.virtual_account}\n"
        f"31/02/2025;100.000;{firm.virtual_account}\n"
        f"14/07/2025;100.000,50;{firm.virtual_account}\n"
    )
    with pytest.raises(ValidationFailed) as exc:
        statement_import(actor=None, file=text.encode(), channel="BANK")
    assert exc.value.errors == [
        ("row 3, Tanggal", "'31/02/2025' is not a date"),
        ("row 4, Jumlah", "'100.000,50' has a fraction of a rupiah"),
    ]
    assert Payment.objects.count() == 0


def test_payments_import_command(invoices, tmp_path, capsys):
    firm, _, _, sri_june = invoices
    path = tmp_path / "mutasi.csv"
    path.write_bytes(statement_cp1252(firm, sri_june))
    call_command("payments", "import", str(path), "--channel", "bank")
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "matched 2 (Rp1.005.800), unmatched 1, duplicates 1, rejected 1"
    assert "  row 3: unmatched: no payer with VA 8801999999999999" in out


def test_payments_import_command_bad_channel_exits_2(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("tanggal;jumlah;va\n")
    p = subprocess.run(
        [sys.executable, "-m", "lindung.cli", "payments", "import", str(path), "--channel", "POS"],
        capture_output=True,
        text=True,
    )
    assert p.returncode == 2
    assert "--channel" in p.stderr
