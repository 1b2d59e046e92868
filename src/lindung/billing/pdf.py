"""PDFs in Bahasa Indonesia (fpdf2): the invoice and the JHT statement.

The built-in Helvetica covers Latin-1, which is enough for Indonesian; other characters (dashes,
curly quotes) are written as their nearest Latin-1 form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from lindung.billing.formatting import bulan, rupiah, tanggal, thousands
from lindung.billing.models import Invoice, LineKind, PayerType
from lindung.billing.selectors import ProgrammeSummary
from lindung.registry.models import Person

_LATIN1 = str.maketrans({"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})
KIND_ID: dict[str, str] = {
    LineKind.CONTRIBUTION: "Iuran",
    LineKind.ADJUSTMENT: "Koreksi",
    LineKind.FINE: "Denda",
}
ENTRY_ID = {
    "employer_share": "Iuran JHT pemberi kerja",
    "worker_share": "Iuran JHT pekerja",
    "sponsor_share": "Iuran JHT penyandang dana",
    "yearly_return": "Hasil pengembangan",
    "withdrawal": "Pembayaran manfaat JHT",
}


def latin1(text: str) -> str:
    return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


class Document(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.doc_title = title
        self.set_title(title)
        self.set_creator("lindung")
        self.set_auto_page_break(auto=True, margin=18)
        self.add_page()

    def header(self) -> None:
        self.set_font("Helvetica", "B", 13)
        self.cell(0, 8, latin1(self.doc_title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 4, "Jaminan Sosial Ketenagakerjaan - lindung", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(3)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"Halaman {self.page_no()}/{{nb}}", align="C")

    def fields(self, rows: Sequence[tuple[str, str]]) -> None:
        for label, value in rows:
            self.set_font("Helvetica", "", 10)
            self.cell(45, 6, latin1(label))
            self.set_font("Helvetica", "B", 10)
            self.multi_cell(0, 6, latin1(value), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def grid(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]) -> None:
        self.set_font("Helvetica", "", 9)
        aligns = ["LEFT"] * 2 + ["RIGHT"] * (len(header) - 2)
        with self.table(col_widths=widths, text_align=aligns, line_height=6) as table:
            table.row([latin1(h) for h in header])
            for values in rows:
                table.row([latin1(v) for v in values])
        self.ln(3)

    def paragraph(self, text: str, bold: bool = False) -> None:
        self.set_font("Helvetica", "B" if bold else "", 10)
        self.multi_cell(0, 5.5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def _payer_identity(invoice: Invoice) -> list[tuple[str, str]]:
    payer = invoice.payer
    if payer.kind == PayerType.EMPLOYER and payer.employer is not None:
        rows = [("NPP", payer.employer.npp)]
        if payer.project is not None:
            rows.append(("Proyek", f"{payer.project.code} {payer.project.name}"))
        return rows
    if payer.kind == PayerType.SELF and payer.person is not None:
        return [("NIK", payer.person.nik)]
    return [("Program", str(payer.sponsor_programme_id))]


def invoice_pdf(invoice: Invoice, summary: Sequence[ProgrammeSummary]) -> bytes:
    doc = Document("TAGIHAN IURAN JAMINAN SOSIAL KETENAGAKERJAAN")
    doc.alias_nb_pages()
    doc.fields(
        [
            ("Nomor tagihan", invoice.number),
            ("Pembayar", invoice.payer.name),
            *_payer_identity(invoice),
            ("Bulan iuran", bulan(invoice.month)),
            ("Tanggal terbit", tanggal(timezone.localdate(invoice.issued_at))),
            ("Jatuh tempo", tanggal(invoice.due_date)),
        ]
    )
    header = ["Program", "Jenis", "Peserta", "Pemberi kerja", "Pekerja", "Lainnya", "Jumlah"]
    rows = [
        [
            s.programme,
            KIND_ID.get(s.kind, s.kind),
            thousands(s.people),
            thousands(s.employer),
            thousands(s.worker),
            thousands(s.sponsor),
            thousands(s.amount),
        ]
        for s in summary
    ]
    doc.grid(header, rows, (20, 24, 20, 32, 30, 28, 36))
    doc.fields(
        [
            ("Total tagihan", rupiah(invoice.total)),
            ("Sudah dibayar", rupiah(invoice.allocated)),
            ("Sisa tagihan", rupiah(invoice.outstanding)),
        ]
    )
    doc.paragraph("Cara pembayaran", bold=True)
    doc.paragraph(
        f"Bayarkan {rupiah(max(invoice.outstanding, 0))} ke nomor Virtual Account "
        f"{invoice.payer.virtual_account} atas nama {invoice.payer.name} paling lambat "
        f"{tanggal(invoice.due_date)}. Cantumkan nomor tagihan {invoice.number} pada berita transfer."
    )
    if invoice.payer.kind == PayerType.EMPLOYER and invoice.payer.project_id is None:
        doc.paragraph("Keterlambatan pembayaran iuran dikenakan denda 2% per bulan dari iuran yang terutang.")
    return doc.output_bytes()


def jht_statement_pdf(person: Person, statement: dict, start: dt.date | None, end: dt.date) -> bytes:
    doc = Document("LAPORAN SALDO JAMINAN HARI TUA (JHT)")
    doc.alias_nb_pages()
    period = f"{tanggal(start)} s.d. {tanggal(end)}" if start else f"s.d. {tanggal(end)}"
    doc.fields([("Nama", person.name), ("NIK", person.nik), ("Periode", period)])
    rows = [["", "Saldo awal", "", thousands(statement["opening"])]]
    for entry, running in statement["rows"]:
        label = ENTRY_ID.get(entry.kind, entry.kind)
        if entry.kind == "yearly_return" and entry.year:
            label = f"{label} {entry.year}"
        rows.append([tanggal(entry.entry_date), label, thousands(entry.amount), thousands(running)])
    doc.grid(["Tanggal", "Keterangan", "Jumlah", "Saldo"], rows, (36, 74, 36, 40))
    doc.fields([(f"Saldo per {tanggal(end)}", rupiah(statement["closing"]))])
    return doc.output_bytes()
