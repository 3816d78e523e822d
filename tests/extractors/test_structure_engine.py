"""The structure engine on small PDFs typeset the ways real reports are: no ruling lines, one ruled row
holding many printed rows, text turned a quarter on the page, header shading drawn in pieces.

Each PDF is drawn here with reportlab (a real PDF, read by the whole pipeline), so a test fails when
the grid the engine finds is wrong, whatever module is at fault.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pdfplumber
import pytest

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from lkjip.extractors.read.rules import pdfplumber_page_edges
from lkjip.pipeline.report import process_file
from lkjip.records import Report

W, H = A4
FONT = ("Helvetica", 8)

IKU_HEAD = ["No", "Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)"]
# label lines (a wrapped indicator), satuan, target, realisasi, capaian
IKU_ROWS = [
    (["Persentase pelayanan administrasi", "terpadu kecamatan tepat waktu"], "%", "100", "95,50", "95,50"),
    (["Indeks kepuasan masyarakat"], "Indeks", "80,00", "82,40", "103,00"),
    (["Jumlah desa yang dibina dalam", "penyusunan APBDes"], "Desa", "12", "12", "100,00"),
]
IKU_X = [40, 60, 250, 300, 360, 430]  # left edges; figures right-aligned at the next column's edge - 6
IKU_RIGHT = [55, 245, 295, 355, 425, 500]

BUDGET_HEAD = ["Kode", "Program / Kegiatan", "Pagu (Rp)", "Realisasi (Rp)", "%"]
BUDGET_ROWS = [
    ("5.1.01", "Program Pelayanan Administrasi Perkantoran", "250.000.000", "237.500.000", "95,00"),
    ("5.1.01.01", "Penyediaan Jasa Surat Menyurat", "100.000.000", "95.000.000", "95,00"),
    ("5.1.01.02", "Penyediaan Alat Tulis Kantor", "150.000.000", "142.500.000", "95,00"),
    ("5.1.02", "Program Peningkatan Sarana dan Prasarana Aparatur", "300.000.000", "270.000.000", "90,00"),
    ("5.1.02.01", "Pemeliharaan Rutin Gedung Kantor", "300.000.000", "270.000.000", "90,00"),
]
BUDGET_X = [40, 95, 330, 420, 505]
BUDGET_RIGHT = [90, 325, 415, 500, 550]


def _pdf(path: Path, draw: Callable[[Canvas], None], pagesize: tuple[float, float] = A4) -> Path:
    c = Canvas(str(path), pagesize=pagesize)
    c.setFont(*FONT)
    c.drawString(40, pagesize[1] - 50, "BAB III AKUNTABILITAS KINERJA")
    draw(c)
    c.showPage()
    c.save()
    return path


def _caption_and_header(c: Canvas, top: float, caption: str, xs: Sequence[float], labels: Sequence[str]) -> float:
    """Draw a bold caption at ``top`` and the header labels under it; return the header line's y."""
    c.setFont("Helvetica-Bold", 8)
    c.drawString(40, top, caption)
    head_y = top - 24
    for x, label in zip(xs, labels, strict=True):
        c.drawString(x, head_y, label)
    c.setFont(*FONT)
    return head_y


def _iku_table(c: Canvas, top: float, ruled: bool) -> None:
    """The IKU table from ``top`` (PDF y) down; left-aligned labels, right-aligned figures."""
    y = _caption_and_header(c, top, "Tabel 3.1 Capaian Indikator Kinerja Utama Tahun 2022", IKU_X, IKU_HEAD) - 18
    rows_top = [y + 12]
    for no, (label, satuan, *figures) in enumerate(IKU_ROWS, 1):
        c.drawString(IKU_X[0], y, str(no))
        for k, line in enumerate(label):
            c.drawString(IKU_X[1], y - 10 * k, line)
        c.drawString(IKU_X[2], y, satuan)
        for right, fig in zip(IKU_RIGHT[3:], figures, strict=True):
            c.drawRightString(right, y, fig)
        y -= 10 * len(label) + 8
        rows_top.append(y + 12)
    if ruled:
        for x in [*IKU_X, IKU_RIGHT[-1] + 4]:
            c.line(x - 4, top - 12, x - 4, rows_top[-1])
        for yy in (top - 12, *rows_top):
            c.line(IKU_X[0] - 4, yy, IKU_RIGHT[-1], yy)


def _iku_rows(report: Report) -> list[tuple[str, str | None, float | None, float | None, float | None]]:
    return [(r.indikator, r.satuan, r.target, r.realisasi, r.capaian) for r in report.iku if r.jenis_baris == "data"]


EXPECTED_IKU = [
    ("Persentase pelayanan administrasi terpadu kecamatan tepat waktu", "%", 100.0, 95.5, 95.5),
    ("Indeks kepuasan masyarakat", "Indeks", 80.0, 82.4, 103.0),
    ("Jumlah desa yang dibina dalam penyusunan APBDes", "Desa", 12.0, 12.0, 100.0),
]


def test_borderless_table_under_a_caption_keeps_wrapped_labels_in_one_row(tmp_path: Path) -> None:
    """No ruling line at all: columns from the gutters between aligned words, a row starting where a row
    number starts, so a label wrapped over two lines stays one indicator."""
    pdf = _pdf(tmp_path / "borderless.pdf", lambda c: _iku_table(c, H - 90, ruled=False))
    assert _iku_rows(process_file(pdf)) == EXPECTED_IKU


def test_ruled_table_reads_the_same_as_the_borderless_one(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "ruled.pdf", lambda c: _iku_table(c, H - 90, ruled=True))
    assert _iku_rows(process_file(pdf)) == EXPECTED_IKU


def _budget_table(c: Canvas, top: float) -> None:
    """A budget table ruled as Word draws one body paragraph per column: an outer box, the header rule and
    the column rules, but no rule between the printed rows, which sit in one ruled cell each column."""
    head_y = _caption_and_header(c, top, "Tabel 3.5 Realisasi Anggaran Tahun 2022", BUDGET_X, BUDGET_HEAD)
    y = head_y - 20
    for kode, uraian, pagu, real, persen in BUDGET_ROWS:
        c.drawString(BUDGET_X[0], y, kode)
        c.drawString(BUDGET_X[1], y, uraian)
        for right, fig in zip(BUDGET_RIGHT[2:], (pagu, real, persen), strict=True):
            c.drawRightString(right, y, fig)
        y -= 16
    bottom = y + 8
    left, right = BUDGET_X[0] - 4, BUDGET_RIGHT[-1] + 4
    for x in [*(bx - 4 for bx in BUDGET_X), right]:
        c.line(x, top - 12, x, bottom)
    for yy in (top - 12, head_y - 8, bottom):
        c.line(left, yy, right, yy)


def test_one_ruled_row_holding_many_printed_rows_is_split_at_each_code(tmp_path: Path) -> None:
    pdf = _pdf(tmp_path / "one_ruled_row.pdf", lambda c: _budget_table(c, H - 90))
    rows = process_file(pdf).anggaran
    got = [(r.kode, r.level, r.pagu, r.realisasi, r.persen) for r in rows]
    assert got == [
        ("5.1.01", "program", 250_000_000, 237_500_000, 95.0),
        ("5.1.01.01", "kegiatan", 100_000_000, 95_000_000, 95.0),
        ("5.1.01.02", "kegiatan", 150_000_000, 142_500_000, 95.0),
        ("5.1.02", "program", 300_000_000, 270_000_000, 90.0),
        ("5.1.02.01", "kegiatan", 300_000_000, 270_000_000, 90.0),
    ]
    assert rows[2].uraian == "Penyediaan Alat Tulis Kantor"


def test_page_with_text_turned_a_quarter_is_read_upright(tmp_path: Path) -> None:
    """A landscape table set sideways on a portrait page without /Rotate: every glyph is drawn turned."""

    def turned(c: Canvas) -> None:
        c.translate(W, 0)
        c.rotate(90)  # the page's x axis now runs up the sheet: a landscape frame H wide, W high
        c.setFont(*FONT)
        c.drawString(40, W - 50, "BAB III AKUNTABILITAS KINERJA")
        _iku_table(c, W - 90, ruled=True)

    c = Canvas(str(tmp_path / "turned.pdf"), pagesize=A4)
    turned(c)
    c.showPage()
    c.save()
    with pdfplumber.open(tmp_path / "turned.pdf") as doc:
        assert not all(ch["upright"] for ch in doc.pages[0].chars)  # the text really is turned
    assert _iku_rows(process_file(tmp_path / "turned.pdf")) == EXPECTED_IKU


def test_header_shading_drawn_in_pieces_gives_no_rules(tmp_path: Path) -> None:
    """Word shades a header cell by cell: abutting fills of one colour. Their borders are not ruling lines
    (an extra rule there would cut a header from its body); a rule drawn as a thin filled box is one."""

    def draw(c: Canvas) -> None:
        c.setFillColorRGB(0.85, 0.85, 0.85)
        for x0, x1 in ((40, 120), (120, 200), (200, 300)):
            c.rect(x0, 700, x1 - x0, 20, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.rect(40, 600, 260, 0.6, stroke=0, fill=1)  # a thin black box: a horizontal rule

    pdf = _pdf(tmp_path / "shading.pdf", draw)
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        edges = pdfplumber_page_edges(page)
    verticals = {round(e["x0"]) for e in edges if e["orientation"] == "v"}
    horizontals = {round(e["top"]) for e in edges if e["orientation"] == "h"}
    assert not verticals & {120, 200}, f"piece borders inside one shading taken as rules: {sorted(verticals)}"
    assert round(H - 600.6) in horizontals or round(H - 600) in horizontals


def _named_like_totals(c: Canvas) -> None:
    """An IKU table without a No column whose indicators are named "Jumlah ..." and "Rata-rata ...", closed
    by a real average row (which prints a unit too)."""
    xs, rights = [40, 250, 300, 360, 430], [245, 295, 355, 425, 500]
    y = _caption_and_header(c, 700, "Tabel 3.1 Capaian Indikator Kinerja Utama Tahun 2022", xs,
                            ["Indikator Kinerja", "Satuan", "Target", "Realisasi", "Capaian (%)"]) - 18  # fmt: skip
    rows = [("Jumlah BUMDes aktif", "Unit", "10", "12", "120,00"),
            ("Rata-rata waktu tunggu layanan", "Menit", "30", "30", "100,00"),
            ("Rata-rata Capaian Kinerja", "%", "", "", "110,00")]  # fmt: skip
    for label, satuan, *figures in rows:
        c.drawString(xs[0], y, label)
        c.drawString(xs[1], y, satuan)
        for right, fig in zip(rights[2:], figures, strict=True):
            c.drawRightString(right, y, fig)
        y -= 18


def test_indicators_named_like_totals_stay_indicators(tmp_path: Path) -> None:
    got = process_file(_pdf(tmp_path / "totals.pdf", _named_like_totals))
    kinds = [(r.indikator, r.jenis_baris) for r in got.iku]
    assert kinds == [("Jumlah BUMDes aktif", "data"), ("Rata-rata waktu tunggu layanan", "data"),
                     ("Rata-rata Capaian Kinerja", "rata_rata")]  # fmt: skip
    assert not [w for w in got.warnings if w.code == "IKU_SASARAN_RATA"]


def _named_like_totals_no_unit(c: Canvas) -> None:
    """The same without a Satuan column (a Perjanjian Kinerja "Indikator | Target"): nothing but the
    label tells, and a mid-table "Jumlah pelayanan ..." or "Rata-rata Nilai IDM" names an indicator."""
    xs, rights = [40, 300, 380], [295, 375, 440]
    y = _caption_and_header(c, 700, "Tabel 2.1 Perjanjian Kinerja Tahun 2022", xs,
                            ["Indikator Kinerja", "Target", "Ket."]) - 18  # fmt: skip
    rows = [("Jumlah pelayanan administrasi kependudukan", "7.515"), ("Rata-rata Nilai Indeks Desa Membangun", "0,7486"),
            ("Nilai AKIP", "67,19"), ("Rata-rata Capaian Kinerja", "96,20")]  # fmt: skip
    for label, target in rows:
        c.drawString(xs[0], y, label)
        c.drawRightString(rights[1], y, target)
        c.drawString(xs[2], y, "Baik")
        y -= 18


def test_without_a_unit_column_only_a_summary_of_the_table_is_a_summary(tmp_path: Path) -> None:
    got = process_file(_pdf(tmp_path / "totals-pk.pdf", _named_like_totals_no_unit))
    kinds = [(r.indikator, r.jenis_baris) for r in got.iku]
    assert kinds == [("Jumlah pelayanan administrasi kependudukan", "data"),
                     ("Rata-rata Nilai Indeks Desa Membangun", "data"), ("Nilai AKIP", "data"),
                     ("Rata-rata Capaian Kinerja", "rata_rata")]  # fmt: skip
