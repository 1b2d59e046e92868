"""The PDF brief (fpdf2): an A4 page or two a regent can read — headings, text, tables, and the same
SVG charts and maps the pages show (fpdf2 draws SVG as vector graphics, text included).

The core Helvetica font covers Latin-1 only; text outside it is replaced by the nearest ASCII
(`–` → `-`, `−` → `-`, quotes straightened) so a stray character never breaks a report.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT = "helvetica"
ASCII_FOR = str.maketrans(
    {"–": "-", "—": "-", "−": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "\u00a0": " "}
)


# fpdf2 skips an <a> with everything inside it, and warns about every <title>: a PDF needs neither.
NOT_IN_PDF = re.compile(r"<title>.*?</title>|</?a(?:\s[^>]*)?>", re.S)


def latin1(text: str) -> str:
    """`text` as the core PDF fonts can write it."""
    return text.translate(ASCII_FOR).encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    footer_text = ""

    def footer(self) -> None:
        if self.footer_text:
            self.set_y(-12)
            self.set_font(FONT, "", 8)
            self.cell(0, 4, self.footer_text, align="L")
            self.cell(0, 4, f"{self.page_no()}", align="R")


class Brief:
    """Build a brief top to bottom, then `output()` its bytes.

    brief = Brief(title="Cakupan Jamsostek", subtitle="Kabupaten Tanjung Jabung Timur, 23 Maret 2024")
    brief.table(["Segmen", "Peserta"], [["PU", "12.587"]], align=["L", "R"])
    brief.svg(chart_svg, width_mm=120)
    pdf_bytes = brief.output()
    """

    def __init__(self, *, title: str, subtitle: str = "", footer: str = "") -> None:
        self.pdf = _Document(orientation="portrait", unit="mm", format="A4")
        self.pdf.footer_text = latin1(footer)
        self.pdf.set_margins(15, 15, 15)
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_title(latin1(title))
        self.pdf.set_creator("lindung")
        self.pdf.add_page()
        self.pdf.set_font(FONT, "B", 16)
        self.pdf.multi_cell(0, 8, latin1(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.pdf.set_font(FONT, "", 11)
            self.pdf.multi_cell(0, 6, latin1(subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(3)

    @property
    def pages(self) -> int:
        return self.pdf.page_no()

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.pdf.set_font(FONT, "B", 12)
        self.pdf.multi_cell(0, 6, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def text(self, text: str, *, size: float = 10) -> None:
        self.pdf.set_font(FONT, "", size)
        self.pdf.multi_cell(0, size * 0.5, latin1(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(1)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        align: Sequence[str] | None = None,
        widths: Sequence[float] | None = None,
        size: float = 9,
    ) -> None:
        """A table with a bold header; `align` per column ("L", "R", "C")."""
        self.pdf.set_font(FONT, "", size)
        aligns = tuple(align) if align else ("L",) * len(header)
        with self.pdf.table(
            col_widths=tuple(widths) if widths else None,
            text_align=aligns,
            line_height=size * 0.55,
            first_row_as_headings=True,
        ) as table:
            for cells in [header, *rows]:
                row = table.row()
                for cell in cells:
                    row.cell(latin1(str(cell)))
        self.pdf.ln(2)

    def svg(self, svg: str, *, width_mm: float | None = None) -> None:
        """Draw an SVG (a chart or map from `charts`/`maps`) at the current position, centred,
        `width_mm` wide (default: the full text width); a new page first if it does not fit."""
        width = width_mm or self.pdf.epw
        data = io.BytesIO(latin1(NOT_IN_PDF.sub("", svg)).encode("utf-8"))
        self.pdf.image(data, x=self.pdf.l_margin + (self.pdf.epw - width) / 2, w=width)
        self.pdf.set_y(self.pdf.get_y() + 2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
