"""Causes of misses on the real goldens (issue 13), each as a small invariant of the stage it lives in."""

from __future__ import annotations

import itertools

from lkjip.extractors.families.anggaran import _assign_levels
from lkjip.extractors.locate.roles import pick_year_columns, ratio_by_arithmetic
from lkjip.extractors.model.document import GridCell
from lkjip.extractors.model.raw import RawRow
from lkjip.extractors.read.rules import open_side_edges
from lkjip.extractors.structure.headers import Column
from lkjip.normalizers.numbers import read_number


def _v(x: float, top: float, bottom: float) -> dict[str, object]:
    return {"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": bottom - top, "orientation": "v"}


def _h(x0: float, x1: float, y: float) -> dict[str, object]:
    return {"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h"}


def test_a_table_ruled_without_its_outer_sides_gets_them() -> None:
    """jabar-LAMPIRAN_2_PK_2016.pdf p.1: row rules drawn cell by cell from x 75 to 557, column rules at 104,
    295 and 493 only; the row numbers and the targets stood outside every cell."""
    ys = [110.0, 139.0, 159.0, 214.0]
    h = [_h(a, b, y) for y in ys for a, b in ((75, 103.5), (104, 294.5), (295, 492.5), (493, 557))]
    v = [_v(x, a, b) for x in (104.0, 295.0, 493.0) for a, b in itertools.pairwise(ys)]
    sides = open_side_edges(v, h)  # type: ignore[arg-type]
    assert sorted((e["x0"], e["top"], e["bottom"]) for e in sides) == [(75.0, 110.0, 214.0), (557.0, 110.0, 214.0)]
    # a closed table needs nothing
    closed = [*v, _v(75, 110, 214), _v(557, 110, 214)]
    assert open_side_edges(closed, h) == []  # type: ignore[arg-type]
    # two tables one above the other at the same margins, no column rule between them, stay two
    h2 = [*h, *(_h(75, 557, y) for y in (300.0, 330.0, 360.0))]
    v2 = [*v, *(_v(300, a, b) for a, b in ((300, 330), (330, 360)))]
    tops = sorted((e["top"], e["bottom"]) for e in open_side_edges(v2, h2) if e["x0"] == 75.0)  # type: ignore[arg-type]
    assert tops == [(110.0, 214.0), (300.0, 360.0)]


def _cols(labels: list[str]) -> list[Column]:
    return [Column(i, lb, lb.lower(), None) for i, lb in enumerate(labels)]


def test_of_two_columns_under_one_header_the_one_of_figures_is_the_value() -> None:
    """jabar-04_LKIP_BAB_III.pdf p.2: "Capaian" spans the percentage and its grade ("124% | BS")."""
    cols = _cols(["No", "Indikator", "Target", "Realisasi", "Capaian", "Capaian"])
    roles = {0: "no", 1: "indikator", 2: "target", 3: "realisasi", 4: "capaian", 5: "capaian"}
    assert pick_year_columns(cols, roles, 2016, {0, 2, 3, 4})["capaian"] == [4]


def test_capaian_column_found_by_the_tables_arithmetic() -> None:
    """jabar-LKIP_DISNAKERTRANS_2016.pdf p.2: no "Capaian" header; "Kategori Penilaian" prints "63,36 % (Sedang)"."""
    rows = [["30 LPK", "21 LPK", "70 %\n(Sedang)"], ["65 %", "90,70 %", "139,54 %\n(Sangat Baik)"],
            ["125 lembaga", "202 lembaga", "161,60 %\n(Sangat Baik)"], ["5%", "14,59 %", "291,80 %"]]  # fmt: skip
    body = [[GridCell(t) for t in r] for r in rows]
    roles = {0: "target", 1: "realisasi"}
    assert ratio_by_arithmetic(body, roles, "target", "realisasi", "capaian", "value")[2] == "capaian"
    # a column of other figures stays unnamed
    other = [[r[0], r[1], GridCell("12")] for r in body]
    assert 2 not in ratio_by_arithmetic(other, roles, "target", "realisasi", "capaian", "value")


def test_a_code_extending_the_code_above_is_one_level_below() -> None:
    """jabar-LKIP_DISNAKERTRANS_2016.pdf p.47: program "29", its kegiatan "29.01", "29.02" (two segments)."""
    rows = [RawRow(fields={"kode": k, "uraian": u}, page=47) for k, u in
            [("29", "Program Perencanaan"), ("29.01", "Penyebaran Informasi"), ("29.02", "Perencanaan Program"),
             ("39", "Program Peningkatan Kualitas"), ("39.10.", "Pelatihan Bagi Purna TKI")]]  # fmt: skip
    _assign_levels(rows)
    assert [r.level for r in rows] == ["program", "kegiatan", "kegiatan", "program", "kegiatan"]


def test_a_figure_whose_letters_are_spaced_out_reads_as_one() -> None:
    """jabar-LKIP_DISNAKERTRANS_2016.pdf p.47: bold program percentages come as "9 9 . 24" from the text layer."""
    assert read_number("9 9 . 24", "percent").value == 99.24
    assert read_number("9 7 .77", "percent").value == 97.77
    assert read_number("1 1,5", "percent").value is None  # two figures in one cell are not one


def _row(texts: list[str], spans: tuple[int, ...] = ()) -> list[GridCell]:
    """A grid row; ``spans`` marks positions copied from the cell on their left."""
    return [GridCell(texts[j - 1] if j in spans else t, from_left=j in spans) for j, t in enumerate(texts)]


def test_a_header_cut_into_many_rows_ends_at_its_column_numbers() -> None:
    """jabar-6._LKIP_2016_FULL_1.pdf p.40 (a landscape table read by word alignment): the header's lines are
    six rows above "(1) ... (7)", the first of them "Terhadap"; no header was found and the table was lost."""
    from lkjip.extractors.structure.headers import split_header

    rows = [
        _row(["", "", "", "", "", "", "Terhadap"]),
        _row(["", "", "", "", "Target* Realisasi**", "", ""], spans=(5,)),
        _row(["", "", "", "", "", "", "Indikator Kinerja"]),
        _row(["No", "Sasaran", "Indikator Kinerja", "Satuan", "", "", ""]),
        _row(["", "", "", "", "2016 2016", "", "2016"], spans=(5,)),
        _row(["", "", "", "", "Nilai Nilai", "", "Nilai"], spans=(5,)),
        _row(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"]),
        _row(["1", "Meningkatnya ...", "Cakupan Pelayanan Air Minum", "%", "70 71,14", "", "101,63%"], spans=(5,)),
    ]
    assert split_header(rows) == (7, [6])


def test_labels_run_together_by_the_grid_are_split_back_one_a_column() -> None:
    from lkjip.extractors.structure.headers import column_labels

    header = [
        _row(["Indikator", "Target* Realisasi**", "", "Capaian Kinerja", ""], spans=(2, 4)),
        _row(["", "2016 2016", "", "Rp %", ""], spans=(2, 4)),
    ]
    keys = [c.key for c in column_labels(header, 5)]
    # two own fields and a repeated year split; a group label over two columns ("Capaian Kinerja") spans them
    assert keys[:3] == ["indikator", "target 2016", "realisasi 2016"]
    assert keys[3] == keys[4] == "capaian kinerja rp %"


def test_a_name_role_on_a_column_of_figures_is_dropped_when_another_column_names() -> None:
    from lkjip.extractors.locate.tables import label_roles_off_figures, split_run_together_figures

    body = [[GridCell("Cakupan Air Minum"), GridCell("100,00%")], [GridCell("Cakupan Sanitasi"), GridCell("98,90%")]]
    assert label_roles_off_figures({0: "indikator", 1: "indikator"}, body) == {0: "indikator"}
    cols = [Column(0, "Target", "target", None), Column(1, "Realisasi", "realisasi", None)]
    split = split_run_together_figures(_row(["1 1", ""], spans=(1,)), cols)
    assert [c.text for c in split] == ["1", "1"]
