"""Budget checks on small hand-built tables."""

from __future__ import annotations

from lkjip.records import AnggaranRow, TableInfo
from tests.checks._helpers import budget_row, report, run


def test_sum_anak_and_total_consistent_table_is_silent() -> None:
    rows = [
        budget_row("program", ["I"], "Program A", 300, 250),
        budget_row("kegiatan", ["I", "A"], "Kegiatan A", 300, 250),
        budget_row("sub_kegiatan", ["I", "A", "1"], "Sub 1", 100, 100, "100,00"),
        budget_row("sub_kegiatan", ["I", "A", "2"], "Sub 2", 200, 150, "75,00"),
        budget_row("jumlah", [], "Jumlah", 300, 250, "83,33"),
    ]
    r = report(anggaran=rows)
    for name in ("anggaran_sum_anak", "anggaran_total", "anggaran_persen", "anggaran_lebih_pagu"):
        assert run(name, r) == []


def test_sum_anak_flags_parent_and_names_both_figures() -> None:
    rows = [
        budget_row("program", ["I"], "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", 300, 200),
        budget_row("kegiatan", ["I", "A"], "Kegiatan A", 100, 100),
        budget_row("kegiatan", ["I", "B"], "Kegiatan B", 200, 150),
    ]
    [w] = run("anggaran_sum_anak", report(anggaran=rows))
    assert (w.code, w.field, w.row, w.expected, w.found) == ("ANGGARAN_SUM_ANAK", "realisasi", 0, 250, 200)
    assert "Program I" in w.message and "200" in w.message and "250" in w.message


def test_sum_anak_skips_children_with_missing_values() -> None:
    rows = [
        budget_row("program", ["I"], "P", 300, 200),
        budget_row("kegiatan", ["I", "A"], "A", 100, None),
        budget_row("kegiatan", ["I", "B"], "B", 200, 150),
    ]
    assert [w.field for w in run("anggaran_sum_anak", report(anggaran=rows))] == []


def test_sum_anak_counts_a_printed_dash_as_nothing_spent() -> None:
    """Real Tangsel quarterly forms: a sub kegiatan with nothing spent prints "-"; the kegiatan printing more
    than its sub kegiatan together is still a contradiction (the empty cell of the test above is not)."""
    dash = budget_row("kegiatan", ["I", "A"], "A", 100, None).model_copy(update={"realisasi_teks": "-"})
    rows = [budget_row("program", ["I"], "P", 300, 200), dash, budget_row("kegiatan", ["I", "B"], "B", 200, 150)]
    [w] = run("anggaran_sum_anak", report(anggaran=rows))
    assert (w.field, w.expected, w.found) == ("realisasi", 150, 200)
    fine = [budget_row("program", ["I"], "P", 300, 150), dash, budget_row("kegiatan", ["I", "B"], "B", 200, 150)]
    assert run("anggaran_sum_anak", report(anggaran=fine)) == []


def test_total_persen_lebih_pagu() -> None:
    rows = [
        budget_row("program", ["I"], "P1", 100, 120, "120,00"),
        budget_row("program", ["II"], "P2", 100, 50, "60,00"),
        budget_row("jumlah", [], "Jumlah", 200, 160),
    ]
    r = report(anggaran=rows)
    [tot] = run("anggaran_total", r)
    assert (tot.row, tot.field, tot.expected, tot.found) == (2, "realisasi", 170, 160)
    [pct] = run("anggaran_persen", r)
    assert (pct.row, pct.expected, pct.found) == (1, 50.0, 60.0)
    [lebih] = run("anggaran_lebih_pagu", r)
    assert (lebih.row, lebih.severity) == (0, "warning")


def test_persen_tolerance_uses_printed_decimals() -> None:
    rows = [budget_row("sub_kegiatan", ["I", "A", "1"], "S", 3, 2, "67%")]  # 66.67 printed to 0 decimals
    assert run("anggaran_persen", report(anggaran=rows)) == []


def test_antar_tabel_matches_by_uraian_within_parent() -> None:
    alokasi = [
        budget_row("program", ["I"], "Program Penunjang", 300, table_id="t01", jenis="alokasi_anggaran"),
        budget_row(
            "kegiatan", ["I", "A"], "Administrasi Keuangan", 100, table_id="t01", jenis="alokasi_anggaran"
        ),
        budget_row(
            "kegiatan", ["I", "B"], "Administrasi Umum", 200, table_id="t01", jenis="alokasi_anggaran"
        ),
        budget_row("program", ["II"], "Program Pemberdayaan", 50, table_id="t01", jenis="alokasi_anggaran"),
        budget_row(
            "kegiatan", ["II", "A"], "Administrasi Umum", 50, table_id="t01", jenis="alokasi_anggaran"
        ),
    ]
    realisasi = [
        budget_row("program", ["1"], "PROGRAM PENUNJANG", 300, 10, table_id="t02"),
        budget_row("kegiatan", ["1", "A"], "Administrasi Umum", 210, 10, table_id="t02"),  # differs
        budget_row("kegiatan", ["1", "B"], "Administrasi Keuangan", 100, 10, table_id="t02"),
        budget_row("program", ["2"], "Program Pemberdayaan", 50, 10, table_id="t02"),
        budget_row("kegiatan", ["2", "A"], "Administrasi Umum", 50, 10, table_id="t02"),
    ]
    tables = [
        TableInfo(table_id="t01", jenis="alokasi_anggaran", judul="Tabel 2.4 Alokasi"),
        TableInfo(table_id="t02", jenis="realisasi_anggaran", judul="Tabel 3.4 Realisasi"),
    ]
    ws = run("anggaran_antar_tabel", report(tables=tables, anggaran=alokasi + realisasi))
    pagu = [w for w in ws if w.field == "pagu"]
    assert [(w.row, w.expected, w.found, w.severity) for w in pagu] == [(6, 200, 210, "warning")]
    assert "Tabel 2.4" in pagu[0].message and "Tabel 3.4" in pagu[0].message
    kode = [(w.expected, w.found, w.severity) for w in ws if w.field == "kode"]
    # I vs 1 is another numbering scheme, not a contradiction; A vs B for the same kegiatan is noted.
    assert kode == [("A", "B", "info"), ("B", "A", "info")]


def test_bad_data_yields_nothing() -> None:
    rows = [budget_row("program", [], "", None, None), budget_row("jumlah", [], "", None, None)]
    r = report(anggaran=rows)
    for name in (
        "anggaran_sum_anak",
        "anggaran_total",
        "anggaran_persen",
        "anggaran_lebih_pagu",
        "anggaran_antar_tabel",
    ):
        assert run(name, r) == []
    assert run("anggaran_total", report()) == []


def _realisasi_table(table_id: str, pagus: list[float]) -> list[AnggaranRow]:
    names = ["Penyediaan Jasa Surat", "Penyediaan Alat Tulis", "Pemeliharaan Gedung", "Rapat Koordinasi"]
    return [
        budget_row("program", [str(k + 1)], n, p, table_id=table_id)
        for k, (n, p) in enumerate(zip(names, pagus, strict=False))
    ]


def test_two_tables_of_one_kind_differing_on_one_line_contradict() -> None:
    tables = [TableInfo(table_id=t, jenis="realisasi_anggaran") for t in ("t01", "t02")]
    rows = _realisasi_table("t01", [100, 200, 300, 400]) + _realisasi_table("t02", [100, 200, 350, 400])
    ws = [w for w in run("anggaran_antar_tabel", report(tables=tables, anggaran=rows)) if w.field == "pagu"]
    assert [(w.expected, w.found, w.severity) for w in ws] == [(300, 350, "error")]


def test_two_tables_differing_on_most_lines_hold_another_quantity() -> None:
    """Pagu murni against perubahan, or a table whose realisasi was read as its pagu: no accusation."""
    tables = [TableInfo(table_id=t, jenis="realisasi_anggaran") for t in ("t01", "t02")]
    rows = _realisasi_table("t01", [100, 200, 300, 400]) + _realisasi_table("t02", [90, 180, 300, 370])
    ws = [w for w in run("anggaran_antar_tabel", report(tables=tables, anggaran=rows)) if w.field == "pagu"]
    assert len(ws) == 3 and all(w.severity == "warning" and "besaran lain" in w.message for w in ws)
