"""A borderless budget table (rules across the page only, as a booktabs or 'horizontal lines' style prints
it) that runs onto the next page with its header repeated and no caption there; a sasaran group row ruled
off between the header and the figures. Drawn here with reportlab; the expected rows are the ones drawn."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from lkjip.extractors.model.document import GridCell
from lkjip.extractors.structure.headers import split_header
from lkjip.pipeline.report import process_file

X = [60, 150, 340, 430, 520]  # left edges of Kode | Program/Kegiatan | Anggaran | Realisasi | %
RIGHT = 560
ROWS_P1 = [
    ("5.01.01", "PROGRAM PELAYANAN ADMINISTRASI", "900.000.000,00", "810.000.000,00", "90,00%"),
    ("5.01.01.2.01", "Penyediaan Jasa Surat Menyurat", "400.000.000,00", "360.000.000,00", "90,00%"),
    ("5.01.01.2.02", "Penyediaan Alat Tulis Kantor", "500.000.000,00", "450.000.000,00", "90,00%"),
]
ROWS_P2 = [
    ("5.01.02", "PROGRAM PENINGKATAN DISIPLIN", "300.000.000,00", "240.000.000,00", "80,00%"),
    ("5.01.02.2.01", "Pengadaan Pakaian Dinas", "300.000.000,00", "240.000.000,00", "80,00%"),
    ("", "Jumlah", "1.200.000.000,00", "1.050.000.000,00", "87,50%"),
]


def _header(c: Canvas, y: float) -> float:
    c.setFont("Helvetica-Bold", 8)
    c.line(X[0], y, RIGHT, y)
    for x, text in zip(X, ["Kode", "Program/Kegiatan", "Anggaran (Rp)", "Realisasi (Rp)", "Persentase"], strict=True):
        c.drawString(x, y - 11, text)
    c.drawString(X[4], y - 21, "(%)")
    c.line(X[0], y - 26, RIGHT, y - 26)
    return y - 26


def _rows(c: Canvas, y: float, rows: list[tuple[str, ...]]) -> float:
    c.setFont("Helvetica", 8)
    for row in rows:
        for k, (x, text) in enumerate(zip(X, row, strict=True)):
            if k >= 2:
                c.drawRightString(X[k + 1] - 8 if k < 4 else RIGHT, y - 12, text)
            else:
                c.drawString(x, y - 12, text)
        y -= 18
    c.line(X[0], y, RIGHT, y)
    return y


def _draw(path: Path) -> None:
    c = Canvas(str(path), pagesize=A4)
    w, h = A4
    # a page of prose first: the running header recurs on three pages, so it reads as page furniture
    c.setFont("Helvetica", 8)
    c.drawCentredString(w / 2, h - 30, "Laporan Kinerja 2024")
    c.setFont("Helvetica", 10)
    c.drawString(X[0], h - 80, "BAB III AKUNTABILITAS KINERJA")
    c.drawString(X[0], h - 100, "Realisasi anggaran tahun 2024 disajikan pada tabel berikut.")
    c.setFont("Helvetica", 8)
    c.drawCentredString(w / 2, 30, "6")
    c.showPage()
    c.setFont("Helvetica", 8)
    c.drawCentredString(w / 2, h - 30, "Laporan Kinerja 2024")
    c.setFont("Helvetica-Bold", 9)
    c.drawString(X[0], h - 80, "Tabel 3.2 Realisasi Anggaran Tahun 2024")
    _rows(c, _header(c, h - 90), ROWS_P1)
    c.setFont("Helvetica", 8)
    c.drawCentredString(w / 2, 30, "7")
    c.showPage()
    c.setFont("Helvetica", 8)
    c.drawCentredString(w / 2, h - 30, "Laporan Kinerja 2024")
    _rows(c, _header(c, h - 90), ROWS_P2)  # the header repeated, no caption
    c.setFont("Helvetica", 8)
    c.drawCentredString(w / 2, 30, "8")
    c.showPage()
    c.save()


@pytest.fixture(scope="module")
def report_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("borderless") / "realisasi-dua-halaman.pdf"
    _draw(path)
    return path


def test_the_continued_page_joins_its_table_without_the_repeated_header(report_pdf: Path) -> None:
    report = process_file(report_pdf)
    budget = [t for t in report.tables if t.jenis == "realisasi_anggaran"]
    assert [t.pages for t in budget] == [[2, 3]]
    got = [(r.page, r.level, r.kode, r.uraian, r.pagu_teks) for r in report.anggaran]
    want = [(2, "program", *ROWS_P1[0][:3]), (2, "kegiatan", *ROWS_P1[1][:3]), (2, "kegiatan", *ROWS_P1[2][:3]),
            (3, "program", *ROWS_P2[0][:3]), (3, "kegiatan", *ROWS_P2[1][:3]), (3, "jumlah", None, *ROWS_P2[2][1:3])]  # fmt: skip
    assert got == want
    assert not [w for w in report.warnings if w.severity == "error"]


def test_a_row_of_an_amount_after_rp_is_data_not_header() -> None:
    rows = [[GridCell("Program / Kegiatan"), GridCell("Anggaran (Rp)")],
            [GridCell("PROGRAM PELAYANAN ADMINISTRASI"), GridCell("Rp 1.180.379.000")]]  # fmt: skip
    assert split_header(rows) == (1, [])


def _line(text: str, top: float, x0: float, height: float = 8.0) -> dict[str, object]:
    """A text line whose words are parted by wide gaps where ``text`` has a '|'."""
    chars: list[dict[str, float | str]] = []
    x = x0
    for part in text.split("|"):
        for ch in part:
            chars.append({"text": ch, "x0": x, "x1": x + 4.0, "top": top, "bottom": top + height, "size": height})
            x += 4.0
        x += 30.0
    return {"text": text.replace("|", " "), "top": top, "bottom": top + height, "x0": x0, "x1": x, "chars": chars}


def test_a_continued_table_keeps_its_header_line_set_above_the_page_top_zone() -> None:
    from lkjip.extractors.structure.borderless import table_regions

    # a two-line header centred on its row: "Kode" starts above 9 % of the page, touching the line under it
    lines = [_line("Laporan Kinerja 2019", 31, 250), _line("Kode|Sisa", 74, 62), _line("Uraian|Anggaran", 79, 120),
             _line("V|PROGRAM|580.390.000", 110, 62), _line("9|Pelayanan|451.000.000", 160, 62)]  # fmt: skip
    (region,) = table_regions(lines, [], 595.0, 842.0)
    assert region[0] <= 74 < region[1]
    assert region[0] > 39  # the running header stays out


def test_the_last_rows_wrapped_line_stays_in_the_table_under_a_tightly_set_header() -> None:
    from lkjip.extractors.structure.borderless import table_regions

    # header lines 5 pt apart (centred in one row) must not make the last row's wrapped line, 10.5 pt under
    # its line with figures, look like text after the table
    lines = [_line("Tabel 3.2 Realisasi Anggaran", 60, 62), _line("Kode|Uraian|Anggaran", 80, 62),
             _line("Rekening|(Rp)", 85, 62), _line("1|Penyediaan Jasa|540.000.000", 110, 62),
             _line("8|Pembinaan|180.000.000", 140, 62), _line("Ketertiban Umum", 150.5, 62 + 4 * 1 + 30)]  # fmt: skip
    (region,) = table_regions(lines, [], 595.0, 842.0)
    assert region[1] > 158


def test_a_wrapped_captions_last_line_is_no_header_line() -> None:
    from lkjip.extractors.structure.borderless import table_regions

    caption = _line("Tabel 3.2. Realisasi Anggaran Badan Perencanaan Pembangunan Daerah Tahun Anggaran", 71, 69, 9.0)
    caption["x1"] = 526.0
    lines = [caption, _line("2023", 82, 285, 9.0), _line("Kode|Uraian|Anggaran", 100, 62, 7.0),
             _line("1|Program Penunjang|5.657.424.000", 120, 62, 7.0), _line("1.1|Perencanaan|938.000.000", 140, 62, 7.0)]  # fmt: skip
    (region,) = table_regions(lines, [], 595.0, 842.0)
    assert region[0] > 91  # under "2023", the caption's second line
