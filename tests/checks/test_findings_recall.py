"""Issue 15, recall: true contradictions of the Jawa Barat goldens (fixtures/real, key ``findings``) that
no error named, now named on the evidence that makes them certain, each next to the look-alike that
must still raise nothing (or at most a warning)."""

from __future__ import annotations

from lkjip.checks.structure import table_confidence, temper
from lkjip.records import AnggaranRow, TableInfo
from tests.checks._helpers import budget_row, iku_row, report, run


def _budget_table(struktur: str = "ruled") -> TableInfo:
    return TableInfo(table_id="t01", jenis="realisasi_anggaran", judul="Tabel 10", struktur=struktur)


# --- one indicator, two tables ---------------------------------------------------------------------


def _antar(a: str, b: str, field: str = "target") -> list[str]:
    rows = [
        iku_row("Pelestarian Cagar Budaya", a if field == "target" else "10", a if field == "realisasi" else "10",
                table_id="t01"),
        iku_row("Pelestarian Cagar Budaya", b if field == "target" else "10", b if field == "realisasi" else "10",
                table_id="t02"),
    ]  # fmt: skip
    return [w.severity for w in run("iku_antar_tabel", report(iku=rows)) if w.field == field]


def test_two_prints_to_the_same_precision_that_differ_are_two_figures() -> None:
    """BAB_III_LAKIP p2/p4: 10 Jenis and 9 Jenis; BAB_III_AKUNTABILITAS p3/p12: 0,15 and 0,14."""
    assert _antar("10 Jenis", "9 Jenis") == ["error"]
    assert _antar("0,15", "0,14", "realisasi") == ["error"]


def test_prints_of_different_precision_agree_within_the_coarser_one() -> None:
    assert _antar("108", "108,78") == []
    assert _antar("96,3", "96,29", "realisasi") == []
    assert _antar("70,15", "70.15") == []


def test_a_medium_term_plan_target_is_another_quantity() -> None:
    """Narasi_LKIP p13/p16: the Renstra matrix (TARGET 2014 ... 2018) prints 100 % for 2016 where the year's
    plan (RKT) prints 80: the annual plan may revise the Renstra, no contradiction."""
    tables = [
        TableInfo(table_id="t01", jenis="target_iku", judul="Tabel 1. Tujuan, Sasaran dan Indikator Sasaran",
                  header=["Indikator", "Standar", "TARGET 2014", "TARGET 2015", "TARGET 2016", "TARGET 2017"]),
        TableInfo(table_id="t02", jenis="target_iku", judul="Tabel 4. Rencana Kinerja Tahun 2016",
                  header=["No", "Indikator Kinerja Utama", "Satuan", "Target"]),
    ]  # fmt: skip
    rows = [
        iku_row("Prosentase informasi terintegrasi SIM RS", "100 %", table_id="t01", jenis="target_iku"),
        iku_row("Prosentase informasi terintegrasi SIM RS", "80,00", table_id="t02", jenis="target_iku"),
    ]
    [w] = run("iku_antar_tabel", report(tables=tables, iku=rows))
    assert w.severity == "warning" and "beberapa tahun" in w.message


def test_a_table_comparing_several_years_realisasi_is_no_plan() -> None:
    """Tabel 3.5 "Realisasi 2014 | Realisasi 2015 | Realisasi 2016" holds the year's realisasi: it accuses."""
    tables = [
        TableInfo(table_id="t01", jenis="capaian_iku", header=["Indikator", "Target", "Realisasi", "Capaian"]),
        TableInfo(table_id="t02", jenis="capaian_iku",
                  header=["Indikator", "Realisasi 2014", "Realisasi 2015", "Realisasi 2016"]),
    ]  # fmt: skip
    rows = [
        iku_row("Produksi Garam", "105", "0,15", table_id="t01"),
        iku_row("Produksi Garam", None, "0,14", table_id="t02"),
    ]
    assert [w.severity for w in run("iku_antar_tabel", report(tables=tables, iku=rows))] == ["error"]


# --- a total over rows its other column proves ----------------------------------------------------------


def _kegiatan(k: int, pagu: float, real: float, parent: str | None = None) -> AnggaranRow:
    path = [parent, str(k)] if parent else [str(k)]
    return budget_row("kegiatan" if parent else "program", path, f"Kegiatan {k}", pagu, real).model_copy(
        update={"kode": str(k)}
    )


def _total(pagu: float, real: float) -> AnggaranRow:
    return budget_row("jumlah", [], "Jumlah", pagu, real)


def test_a_total_whose_rows_the_pagu_proves_contradicts_their_realisasi() -> None:
    """3._LKIP_2016_Draft p26-27: kegiatan 10 read under kegiatan 9 (numbered next), so the 'programs' leave it
    out; all printed rows sum to the pagu total exactly, and their realisasi 18.000.000 more than printed."""
    rows = [
        _kegiatan(9, 419_940_000, 416_940_000),
        _kegiatan(10, 739_950_000, 705_845_000, parent="9"),
        _kegiatan(11, 644_580_000, 490_022_000),
        _total(1_804_470_000, 1_594_807_000),  # realisasi of the rows: 1.612.807.000
    ]
    ws = run("anggaran_total", report(tables=[_budget_table()], anggaran=rows))
    by_field = {w.field: w for w in ws}
    assert by_field["realisasi"].severity == "error"
    assert by_field["realisasi"].expected == 1_612_807_000
    assert by_field["pagu"].severity == "warning"  # the programs' sum misses kegiatan 10: the reading's fault


def test_rows_that_add_up_in_both_columns_raise_nothing() -> None:
    rows = [
        _kegiatan(9, 419_940_000, 416_940_000),
        _kegiatan(10, 739_950_000, 705_845_000, parent="9"),
        _total(1_159_890_000, 1_122_785_000),
    ]
    ws = run("anggaran_total", report(tables=[_budget_table()], anggaran=rows))
    assert all(w.severity == "warning" for w in ws)


def test_programs_printing_no_figure_are_summed_through_their_kegiatan() -> None:
    """Narasi_LKIP p24-29: program rows print no figure; the kegiatan sum to the pagu total, and their
    realisasi 67.000 less than the printed one."""
    rows = [
        budget_row("program", ["#1"], "Program Promosi Kesehatan", None),
        budget_row("kegiatan", ["#1", "#1"], "Kegiatan Promosi", 712_500_000, 657_664_500),
        budget_row("program", ["#2"], "Program Lingkungan Sehat", None),
        budget_row("kegiatan", ["#2", "#1"], "Kegiatan Lingkungan", 1_500_000_000, 1_402_254_769),
        _total(2_212_500_000, 2_059_986_269),  # the rows' realisasi: 2.059.919.269
    ]
    [w] = run("anggaran_total", report(tables=[_budget_table()], anggaran=rows))
    assert (w.field, w.severity, w.expected) == ("realisasi", "error", 2_059_919_269)


def test_a_proven_total_on_an_aligned_grid_is_no_proof() -> None:
    """Alignment may put one column's cell in the wrong row: the other column proves nothing about it."""
    rows = [
        budget_row("program", ["#1"], "Program Promosi Kesehatan", None),
        budget_row("kegiatan", ["#1", "#1"], "Kegiatan Promosi", 712_500_000, 657_664_500),
        budget_row("kegiatan", ["#1", "#2"], "Kegiatan Lingkungan", 1_500_000_000, 1_402_254_769),
        _total(2_212_500_000, 2_059_986_269),
    ]
    assert run("anggaran_total", report(tables=[_budget_table("aligned")], anggaran=rows)) == []


# --- a doubt about the levels says nothing about a row's own arithmetic -------------------------------------


def test_a_row_persen_stays_an_error_on_a_table_doubted_for_its_levels() -> None:
    """Narasi_LKIP p28: 6.313.697.077 / 17.786.250.000 = 35,50 %, printed 39,50 %; the table is doubted only
    because its kegiatan were read under kegiatan (its parents' sums fail)."""
    rows = [
        budget_row("kegiatan", ["1"], "Kegiatan Pemeliharaan", 17_786_250_000, 6_313_697_077, "39,50"),
        budget_row("sub_kegiatan", ["1", "1"], "Pemeliharaan Gedung", 2_000_000_000, 1_900_000_000, "95,00"),
        budget_row("kegiatan", ["2"], "Kegiatan Pengadaan", 21_753_154_753, 12_487_453_568, "57,41"),
        budget_row("sub_kegiatan", ["2", "1"], "Pengadaan Alat", 3_000_000_000, 2_400_000_000, "80,00"),
    ]
    r = report(tables=[_budget_table()], anggaran=rows)
    conf = table_confidence(r, "t01", "ruled")
    assert conf.doubtful and not conf.cells_doubtful
    persen = run("anggaran_persen", r)
    assert [w.severity for w in temper(persen, {"t01": conf})] == ["error"]
    sums = run("anggaran_sum_anak", r)
    assert sums and all(w.severity == "warning" for w in temper(sums, {"t01": conf}))


# --- levels read flat, codes that name the children -----------------------------------------------------


def _flat(codes_pagu: list[tuple[str, float]]) -> list[AnggaranRow]:
    """Every row read as a program ("4" and "4.1" alike), as a DOCX table without level words gives them."""
    return [
        budget_row("program", [k], f"Baris {k}", pagu).model_copy(update={"kode": k}) for k, pagu in codes_pagu
    ]


def test_codes_name_the_children_of_rows_read_flat() -> None:
    """Generated DOCX: program 4 prints 23.879.000 over its one kegiatan 4.1 of 24.079.000; programs 1-3
    add up over their 1.x, 2.x, 3.x rows, which confirms the codes' reading."""
    rows = _flat([("1", 488_736_000), ("1.1", 488_736_000), ("2", 305_000_000), ("2.1", 305_000_000),
                  ("3", 921_000_000), ("3.1", 354_000_000), ("3.2", 567_000_000),
                  ("4", 23_879_000), ("4.1", 24_079_000)])  # fmt: skip
    r = report(tables=[_budget_table()], anggaran=rows)
    [w] = run("anggaran_sum_anak", r)
    assert (w.severity, w.row, w.expected) == ("error", 7, 24_079_000)
    conf = table_confidence(r, "t01", "ruled")
    assert [x.severity for x in temper([w], {"t01": conf})] == ["error"]


def test_code_sums_that_nothing_confirms_raise_nothing() -> None:
    """Two code parents, one failing: no confirmation that the codes name children (a list "1." "1.1" may
    be an outline of sasaran), so no accusation; two failing of three: neither."""
    assert run("anggaran_sum_anak", report(anggaran=_flat([("1", 100), ("1.1", 100), ("2", 50), ("2.1", 60)]))) == []
    rows = _flat([("1", 100), ("1.1", 100), ("2", 50), ("2.1", 60), ("3", 70), ("3.1", 80)])
    assert run("anggaran_sum_anak", report(anggaran=rows)) == []


def test_a_total_over_rows_read_flat_is_checked_over_the_codes_roots() -> None:
    """Generated PDF: "1", "1.1", "1.2", "2", "2.1" all read as programs (their sum twice the total); the
    roots 1 and 2 sum to the pagu total exactly, and their realisasi 90.000.000 more than printed."""
    rows = [
        budget_row("program", [k], f"Baris {k}", pagu, real).model_copy(update={"kode": k})
        for k, pagu, real in [("1", 1_057_834_000, 956_645_867), ("1.1", 321_000_000, 321_000_000),
                              ("1.2", 736_834_000, 635_645_867), ("2", 580_000_000, 458_644_661),
                              ("2.1", 580_000_000, 458_644_661)]
    ]  # fmt: skip
    rows.append(_total(1_637_834_000, 1_325_290_528))  # the roots' realisasi: 1.415.290.528
    ws = {w.field: w for w in run("anggaran_total", report(tables=[_budget_table()], anggaran=rows))}
    assert (ws["realisasi"].severity, ws["realisasi"].expected) == ("error", 1_415_290_528)
    assert ws["pagu"].severity == "warning"
