"""The quarterly realisation form every perangkat daerah files (Permendagri 86/2017, "Realisasi Kinerja
Pada Triwulan I - IV", seen in Kota Tangerang Selatan's reports): a header of four rows (a spanning title,
the quarters I-IV, column numbers, then "K | Rp" under each quarter), no pagu column, no codes, a table
over pages whose continued row is printed without a rule above it.

The PDF is drawn here with reportlab as such a report prints it; the expected rows are the ones drawn."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from lkjip.extractors.locate.roles import ANGGARAN_PATTERNS, assign_roles, pick_year_columns
from lkjip.extractors.locate.tables import money_columns
from lkjip.extractors.model.document import GridCell
from lkjip.extractors.structure.headers import (
    column_labels,
    is_period_row,
    is_unit_row,
    period_of,
    split_header,
)
from lkjip.pipeline.report import process_file

COLS = [40, 180, 320, 360, 450, 490, 580, 610, 650, 680, 720, 800]  # x of the column rules
BODY = [
    ("BADAN PENANGGULANGAN BENCANA DAERAH", "", "", "1.500.000.000", "", "2.600.000.000"),
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "Nilai LKE PMPRB", "", "1.000.000.000", "", "1.800.000.000"),
    ("", "Predikat SAKIP", "", "", "", ""),
    ("Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "Persentase dokumen", "23,16%",
     "1.000.000.000", "16,37%", "1.800.000.000"),
    ("Penyusunan Dokumen Perencanaan", "Jumlah dokumen", "4", "1.000.000.000", "2", "1.000.000.000"),
    ("Koordinasi Penyusunan RKA-SKPD", "Jumlah dokumen RKA", "0", "-", "1", "800.000.000"),
    # page 2
    ("PROGRAM PENANGGULANGAN BENCANA", "Cakupan penduduk", "", "500.000.000", "", "800.000.000"),
    ("Pelayanan Informasi Rawan Bencana", "Jumlah informasi", "12", "500.000.000", "10", "800.000.000"),
    ("Sosialisasi dan Edukasi Bencana", "Jumlah orang", "75957", "200.000.000", "80000", "500.000.000"),
    ("Pelatihan Pencegahan dan Mitigasi", "Jumlah orang", "973", "300.000.000", "900", "300.000.000"),
]


def _rules(c: Canvas, top: float, bottom: float, row_ys: list[float], *, open_top: bool) -> None:
    for x in COLS:
        c.line(x, top, x, bottom)
    for y in ([] if open_top else [top]) + row_ys + [bottom]:
        c.line(COLS[0], y, COLS[-1], y)


def _cells(c: Canvas, y: float, row: tuple[str, ...]) -> None:
    name, indicator, k1, rp1, k2, rp2 = row
    c.setFont("Helvetica", 7)
    for k, line in enumerate(textwrap.wrap(name, 24)):  # a long name wraps over lines inside its cell
        c.drawString(COLS[0] + 2, y - 8 * k, line)
    c.drawString(COLS[1] + 2, y, indicator)
    for x, text in ((COLS[3] - 2, k1), (COLS[4] - 2, rp1), (COLS[5] - 2, k2), (COLS[6] - 2, rp2)):
        c.drawRightString(x, y, text)
    c.drawString(COLS[-2] + 2, y, "BPBD")


def _draw(path: Path) -> None:
    w, h = landscape(A4)
    c = Canvas(str(path), pagesize=(w, h))
    top = h - 60
    c.setFont("Helvetica-Bold", 7)
    ys = [top - 14, top - 26, top - 36, top - 46]  # the four header rows' bottoms
    c.drawString(COLS[0] + 2, top - 10, "Urusan/Bidang Urusan/Program/Kegiatan")
    c.drawString(COLS[1] + 2, top - 10, "Indikator Kinerja Program/Kegiatan")
    c.drawString(COLS[2] + 2, top - 10, "Realisasi Kinerja Pada Triwulan I - IV Tahun 2023")
    c.drawString(COLS[-2] + 2, top - 10, "Penanggung Jawab")
    for q, label in enumerate(["I", "II", "III", "IV"]):
        x0 = COLS[2 + 2 * q]
        c.drawString(x0 + 4, top - 23, label)
        c.drawString(x0 + 4, top - 33, str(7 + q))
    c.drawString(COLS[0] + 2, top - 33, "2")
    c.drawString(COLS[1] + 2, top - 33, "3")
    c.drawString(COLS[-2] + 2, top - 33, "14")
    for j in range(2, 10):
        c.drawString(COLS[j] + 4, top - 43, "K" if j % 2 == 0 else "Rp")
    # header rules: the title spans the quarter columns, each quarter and its column number span K | Rp
    for j in (0, 1, 2, 10, 11):
        c.line(COLS[j], top, COLS[j], ys[3])
    for j in (4, 6, 8):
        c.line(COLS[j], ys[0], COLS[j], ys[3])
    for j in (3, 5, 7, 9):
        c.line(COLS[j], ys[2], COLS[j], ys[3])
    c.line(COLS[0], top, COLS[-1], top)
    c.line(COLS[2], ys[0], COLS[-2], ys[0])
    for y in ys[1:]:
        c.line(COLS[0], y, COLS[-1], y)
    row_h = 40
    y = ys[3]
    first = BODY[:6]
    bottoms = [y - row_h * (k + 1) for k in range(len(first))]
    for k, row in enumerate(first):
        _cells(c, y - row_h * k - 9, row)
    _rules(c, y, bottoms[-1], bottoms[:-1], open_top=True)
    c.showPage()
    y = h - 60
    rest = BODY[6:]
    bottoms = [y - row_h * (k + 1) for k in range(len(rest))]
    for k, row in enumerate(rest):
        _cells(c, y - row_h * k - 9, row)
    _rules(c, y, bottoms[-1], bottoms[:-1], open_top=True)  # the continued table: no rule above its first row
    c.showPage()
    c.save()


@pytest.fixture(scope="module")
def quarterly_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("triwulan") / "realisasi-triwulan-bpbd.pdf"
    _draw(path)
    return path


def test_the_form_reads_as_one_budget_table_with_the_latest_quarter(quarterly_pdf: Path) -> None:
    report = process_file(quarterly_pdf)
    assert [t.jenis for t in report.tables] == ["realisasi_anggaran"]
    assert report.tables[0].pages == [1, 2]
    got = [(r.level, r.uraian, r.realisasi_teks, r.realisasi_kinerja) for r in report.anggaran]
    assert got == [
        ("jumlah", "BADAN PENANGGULANGAN BENCANA DAERAH", "2.600.000.000", None),
        ("program", "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", "1.800.000.000", None),
        ("kegiatan", "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah", "1.800.000.000", "16,37%"),
        ("sub_kegiatan", "Penyusunan Dokumen Perencanaan", "1.000.000.000", "2"),
        ("sub_kegiatan", "Koordinasi Penyusunan RKA-SKPD", "800.000.000", "1"),
        ("program", "PROGRAM PENANGGULANGAN BENCANA", "800.000.000", None),
        ("kegiatan", "Pelayanan Informasi Rawan Bencana", "800.000.000", "10"),
        ("sub_kegiatan", "Sosialisasi dan Edukasi Bencana", "500.000.000", "80000"),
        ("sub_kegiatan", "Pelatihan Pencegahan dan Mitigasi", "300.000.000", "900"),
    ]
    assert all(r.pagu is None and r.persen is None for r in report.anggaran)


def _row(*texts: str) -> list[GridCell]:
    return [GridCell(t) for t in texts]


@pytest.mark.parametrize(
    ("part", "period"),
    [("I", 1), ("II", 2), ("III", 3), ("IV", 4), ("TW III", 3), ("Triwulan II", 2), ("Semester 1", 1),
     ("Target", None), ("2023", None), ("Indikator", None)],
)  # fmt: skip
def test_period_of_a_header_part(part: str, period: int | None) -> None:
    assert period_of(part) == period


def test_period_and_unit_rows_belong_to_the_header() -> None:
    rows = [
        _row("Program/Kegiatan", "Indikator", "Realisasi Triwulan", "Realisasi Triwulan", "Realisasi Triwulan",
             "Realisasi Triwulan"),
        _row("", "", "I", "", "II", ""),
        _row("2", "3", "7", "", "8", ""),
        _row("", "", "K", "Rp", "K", "Rp"),
        _row("PROGRAM X", "Nilai", "", "1.000", "", "2.000"),
    ]  # fmt: skip
    assert is_period_row(rows[1]) and is_unit_row(rows[3])
    assert not is_unit_row(rows[4]) and not is_period_row(rows[4])
    n, numbering = split_header(rows)
    assert (n, numbering) == (4, [2])
    columns = column_labels([r for k, r in enumerate(rows[:n]) if k not in numbering], 6)
    assert [c.period for c in columns] == [None, None, 1, None, 2, None]
    assert columns[3].label == "Realisasi Triwulan Rp"


def test_the_latest_quarter_with_figures_is_chosen_for_every_role() -> None:
    labels = [("Kegiatan", None), ("Realisasi I K", 1), ("Realisasi I Rp", 1), ("Realisasi II K", 2),
              ("Realisasi II Rp", 2), ("Realisasi III K", 3), ("Realisasi III Rp", 3)]  # fmt: skip
    from lkjip.extractors.structure.headers import Column, label_key

    columns = [Column(j, lb, label_key(lb), 2023, period=p) for j, (lb, p) in enumerate(labels)]
    roles = assign_roles(columns, ANGGARAN_PATTERNS)
    assert roles == {0: "uraian", 1: "realisasi_kinerja", 2: "realisasi", 3: "realisasi_kinerja",
                     4: "realisasi", 5: "realisasi_kinerja", 6: "realisasi"}  # fmt: skip
    chosen = pick_year_columns(columns, roles, 2023, filled={1, 2, 3, 4})  # quarter III not filled in yet
    assert chosen == {"uraian": [0], "realisasi_kinerja": [3], "realisasi": [4]}


def test_dashes_do_not_hide_a_money_column() -> None:
    body = [_row("Kegiatan A", "-"), _row("Kegiatan B", "-"), _row("Kegiatan C", "-"), _row("D", "7.023.180.935")]
    assert money_columns(body, 2) == {1}


def _v(x: float, top: float, bottom: float) -> dict[str, object]:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top, "orientation": "v"}


def _h(x0: float, x1: float, y: float) -> dict[str, object]:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h"}


def test_an_open_table_end_is_closed_and_legend_boxes_are_not_a_row() -> None:
    from lkjip.extractors.read.rules import open_end_edges

    xs = [50.0, 150.0, 250.0, 350.0]
    # a table continued at the page top: its column rules start at 70, its first rule below is at 110
    v = [_v(x, 70, 110) for x in xs] + [_v(x, 110, 150) for x in xs]
    h = [_h(50, 350, 110), _h(50, 350, 150)]
    closing = open_end_edges(v, h)  # type: ignore[arg-type]
    assert [(c["top"], c["x0"], c["x1"]) for c in closing] == [(70.0, 50.0, 350.0)]
    # a closed table with a row of legend boxes right below it (each box ruled on its own)
    h_closed = [_h(50, 350, 70), *h]
    boxes = [x for k in range(4) for x in (60.0 + 70 * k, 80.0 + 70 * k)]
    v_boxes = [_v(x, 152, 160) for x in boxes]
    h_boxes = [e for k in range(4) for e in (_h(60 + 70 * k, 80 + 70 * k, 152), _h(60 + 70 * k, 80 + 70 * k, 160))]
    assert open_end_edges(v + v_boxes, h_closed + h_boxes) == []  # type: ignore[arg-type]
