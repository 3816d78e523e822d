"""Issue 15: an error says two printed figures cannot both be right. Each case here is a way real reports
(the Jawa Barat goldens' findings, fixtures/real) or a misread grid made a check accuse falsely; each must
give at most a warning that says why, while the true contradiction next to it stays an error."""

from __future__ import annotations

from lkjip.records import AnggaranRow, TableInfo
from tests.checks._helpers import budget_row, iku_row, report, run


def _table(struktur: str, table_id: str = "t01", jenis: str = "realisasi_anggaran") -> TableInfo:
    return TableInfo(table_id=table_id, jenis=jenis, judul="Tabel 3.2", struktur=struktur)


def _row(level: str, kode: str | None, uraian: str, pagu: float, path: list[str]) -> AnggaranRow:
    return budget_row(level, path, uraian, pagu).model_copy(update={"kode": kode})


def _severities(name: str, rows: list[AnggaranRow], struktur: str = "ruled") -> list[str]:
    return [w.severity for w in run(name, report(tables=[_table(struktur)], anggaran=rows))]


# --- a sum over rows that may not be the parent's children -----------------------------------------


def test_a_child_numbered_right_after_its_parent_is_its_sibling_read_one_level_down() -> None:
    """jabar-04 p16, 3._LKIP p26: kegiatan "9." taken as a parent of kegiatan "10."."""
    rows = [
        _row("program", "8", "Program Pemantapan", 500, ["8"]),
        _row("kegiatan", "9", "Fasilitasi", 200, ["8", "9"]),
    ]
    [w] = run("anggaran_sum_anak", report(tables=[_table("ruled")], anggaran=rows))
    assert w.severity == "warning" and "tepat sesudah" in w.message


def test_children_numbered_apart_from_their_parent_are_its_children() -> None:
    rows = [
        _row("program", "I", "Program Pemantapan", 500, ["I"]),
        _row("kegiatan", "1", "Fasilitasi", 200, ["I", "1"]),
    ]
    assert _severities("anggaran_sum_anak", rows) == ["error"]


def test_a_structured_code_must_extend_its_parents() -> None:
    extends = [
        _row("kegiatan", "1.02.01.2.01", "Administrasi Umum", 300, ["1.02.01.2.01"]),
        _row("sub_kegiatan", "1.02.01.2.01.0001", "Penyediaan ATK", 100, ["1.02.01.2.01", "0001"]),
    ]
    assert _severities("anggaran_sum_anak", extends) == ["error"]
    elsewhere = [
        extends[0],
        _row("sub_kegiatan", "1.02.02.2.01.0001", "Penyediaan ATK", 100, ["1.02.01.2.01", "x"]),
    ]
    [w] = run("anggaran_sum_anak", report(tables=[_table("ruled")], anggaran=elsewhere))
    assert w.severity == "warning" and "tidak melanjutkan" in w.message


def test_uncoded_levels_need_their_names_or_the_tables_sums() -> None:
    """Tangsel quarterly forms print no codes: a kegiatan of the national nomenclature under a program named
    "Program ..." is placed by its name, and its failing sum is a contradiction; two unnamed rows are not."""
    named = [
        _row("program", None, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH", 900, ["#1"]),
        _row("kegiatan", None, "Administrasi Keuangan Perangkat Daerah", 500, ["#1", "#2"]),
    ]
    assert _severities("anggaran_sum_anak", named) == ["error"]
    unnamed = [
        _row("program", None, "Pemantapan Ideologi", 900, ["#1"]),
        _row("kegiatan", None, "Rapat Kerja", 500, ["#1", "#2"]),
    ]
    [w] = run("anggaran_sum_anak", report(tables=[_table("ruled")], anggaran=unnamed))
    assert w.severity == "warning" and "ditebak dari urutan" in w.message


def test_on_an_aligned_grid_a_sum_missing_one_rows_figure_is_a_row_misread() -> None:
    """A generated scan: the kegiatan read twice doubles the sum."""
    rows = [
        _row("program", "I", "Program Pemberdayaan Masyarakat Desa", 46, ["I"]),
        _row("kegiatan", "1", "Fasilitasi", 46, ["I", "1"]),
        _row("kegiatan", "2", "Fasilitasi", 46, ["I", "2"]),
    ]
    [w] = run("anggaran_sum_anak", report(tables=[_table("ocr_aligned")], anggaran=rows))
    assert w.severity == "warning" and "terbaca dua kali" in w.message
    assert _severities("anggaran_sum_anak", rows, "ruled") == ["error"]  # the file's own grid: as printed


def test_total_over_rows_not_all_named_as_programs() -> None:
    """DISNAKERTRANS p52: kegiatan and the Gaji row counted among the programs."""
    rows = [
        _row("program", "29", "Program Perencanaan Ketenagakerjaan", 100, ["29"]),
        _row("program", None, "Gaji dan Tunjangan Pegawai", 50, ["#g"]),
        budget_row("jumlah", [], "Jumlah", 100),
    ]
    [w] = run("anggaran_total", report(tables=[_table("ruled")], anggaran=rows))
    assert w.severity == "warning" and "tanpa bernama program" in w.message
    programs = [rows[0], _row("program", "30", "Program Penempatan Tenaga Kerja", 50, ["30"]), rows[2]]
    assert _severities("anggaran_total", programs) == ["error"]


# --- tables that need not hold the same quantity --------------------------------------------------


def test_two_budget_tables_sharing_few_lines_are_not_proven_the_same_quantity() -> None:
    """BAB_III_AKUNTABILITAS p24: one program funded by Dekonsentrasi and by Tugas Pembantuan."""
    a = [budget_row("program", ["1"], "Program Pengelolaan Perikanan Tangkap", 300, table_id="t01")]
    b = [budget_row("program", ["1"], "Program Pengelolaan Perikanan Tangkap", 350, table_id="t02")]
    tables = [_table("ruled", "t01"), _table("ruled", "t02")]
    [w] = run("anggaran_antar_tabel", report(tables=tables, anggaran=a + b))
    assert w.severity == "warning" and "belum terbukti" in w.message


# --- figures read one way among several -----------------------------------------------------------


def test_capaian_within_the_rounding_of_the_printed_figures() -> None:
    """BAB_III_AKUNTABILITAS p3: 16,18 / 10 printed 161,77 (the author divided 16,177)."""
    assert run("iku_capaian", report(iku=[iku_row("Nilai ekspor", "10", "16,18", "161,77")])) == []
    [w] = run("iku_capaian", report(iku=[iku_row("Jumlah dokumen", "7", "7", "91,17")]))
    assert w.severity == "error"  # whole numbers were not rounded: 7/7 is 100


def test_capaian_with_a_scale_word_or_an_ambiguous_print_is_no_proof() -> None:
    """BAB_III_AKUNTABILITAS p7 "6 Juta Ekor"; DISPERINDAG p34 "1,309" read as a thousand, "8,726" not."""
    juta = iku_row("Populasi ternak", "6 Juta Ekor", "11.805.000", "196,75").model_copy(
        update={"target": 6.0}
    )
    [w] = run("iku_capaian", report(iku=[juta]))
    assert w.severity == "warning" and "bermakna ganda" in w.message
    mixed = iku_row("Jumlah pelayanan", "3.871", "3.306", "85,40").model_copy(update={"target": 3.871})
    [w] = run("iku_capaian", report(iku=[mixed]))
    assert w.severity == "warning"


# --- prose read by OCR ------------------------------------------------------------------------------


def test_narrative_read_by_ocr_never_accuses() -> None:
    rows = [
        budget_row("program", ["I"], "Program A", 4_802_000_000, 4_510_852_307),
        budget_row("jumlah", [], "Jumlah", 4_802_000_000, 4_510_852_307),
    ]
    text = "Total pagu anggaran sebesar Rp 4.802.000.000 dengan realisasi sebesar Rp 4.610.852.307."
    digital = run("narasi_angka", report(tables=[_table("ruled")], anggaran=rows), text)
    assert [w.severity for w in digital] == ["error"]
    scanned = run("narasi_angka", report(tables=[_table("ruled")], anggaran=rows, text_source="ocr"), text)
    assert [w.severity for w in scanned] == ["warning"] and "OCR" in scanned[0].message


def test_a_contrasting_clause_is_another_statement() -> None:
    """DISNAKERTRANS p4: "APBD ... Rp X atau 95,13%, sedangkan APBN realisasi ... Rp Y atau 98,39%"."""
    rows = [
        budget_row("program", ["I"], "Program A", 100_000_000, 95_000_000, "95,00"),
        budget_row("jumlah", [], "Jumlah", 100_000_000, 95_000_000, "95,00"),
    ]
    text = (
        "Realisasi APBD sampai dengan bulan Desember sebesar Rp 95.000.000,- atau 95,00%, sedangkan APBN "
        "realisasi sampai dengan bulan Desember sebesar Rp 17.943.754.805,- atau 98,39%."
    )
    assert [
        w
        for w in run("narasi_angka", report(tables=[_table("ruled")], anggaran=rows), text)
        if w.severity == "error"
    ] == []


def test_a_stated_pagu_the_table_cannot_show_is_its_total() -> None:
    """BP3IPTEK p44: one misi's "anggaran Rp X yang terealisasi Rp Y", the table's pagu column unread."""
    rows = [
        budget_row("program", ["I"], "Program A", None, 950_000_000),
        budget_row("jumlah", [], "Jumlah", None, 950_000_000, "95,00"),
    ]
    text = "Misi kedua dengan jumlah anggaran sebesar Rp 200.000.000,00 yang terealisasi sebesar Rp 150.000.000,00 atau 75,00%."
    ws = run("narasi_angka", report(tables=[_table("ruled")], anggaran=rows), text)
    assert ws and all(w.severity == "warning" for w in ws)


# --- figures read by OCR (generated scans) ---------------------------------------------------------------


def _ocr_persen(persen: str, konfidensi: dict[str, float] | None = None) -> list[str]:
    from lkjip.checks.structure import doubt_ocr_digits

    row = budget_row("kegiatan", ["1.02.06.05"], "Penyusunan Laporan", 113_000_000, 89_171_570, persen)
    row = row.model_copy(update={"ocr_konfidensi": konfidensi or {"pagu": 0.9, "realisasi": 0.9, "persen": 0.9}})
    r = report(tables=[_table("ocr_ruled")], anggaran=[row])
    return [w.severity for w in doubt_ocr_digits(run("anggaran_persen", r), r)]


def test_on_a_scan_a_figure_one_digit_from_the_arithmetic_is_a_misread_digit() -> None:
    """Generated scan: 89.171.570 / 113.000.000 = 78,91 %, OCR read the printed 78,91 as 78,01."""
    assert _ocr_persen("78,01") == ["warning"]
    assert _ocr_persen("62,40") == ["error"]  # two digits off: no one misread explains it


def test_on_a_scan_a_figure_read_with_low_confidence_accuses_nobody() -> None:
    assert _ocr_persen("62,40", {"pagu": 0.9, "realisasi": 0.41, "persen": 0.9}) == ["warning"]
    # an OCR row figure with no confidence at all was not read as OCR'd digits (an IKE of 0,0000)
    assert _ocr_persen("62,40", {"pagu": 0.9, "persen": 0.9}) == ["warning"]


def test_the_one_digit_rule_holds_only_for_ocr() -> None:
    from lkjip.checks.structure import doubt_ocr_digits, one_digit_apart

    assert one_digit_apart(78.01, 78.91) and one_digit_apart(0.641, 0.6441) and one_digit_apart(7, 77.43)
    assert not one_digit_apart(0.642, 0.478) and not one_digit_apart(93.5, 179.3)
    row = budget_row("kegiatan", ["1"], "Penyusunan Laporan", 113_000_000, 89_171_570, "78,01")
    r = report(tables=[_table("ruled")], anggaran=[row])
    assert [w.severity for w in doubt_ocr_digits(run("anggaran_persen", r), r)] == ["error"]


def test_a_parent_within_its_childrens_range_is_their_mean_not_their_sum() -> None:
    """Generated scan: a % column read as pagu, program 93,5 over kegiatan 81,7 and 97,6."""
    rows = [
        _row("program", "7.01.01", "PROGRAM PENUNJANG", 93.5, ["7.01.01"]),
        _row("kegiatan", "7.01.01.2.01", "Penyediaan Jasa", 81.7, ["7.01.01", "7.01.01.2.01"]),
        _row("kegiatan", "7.01.01.2.02", "Administrasi Umum", 97.6, ["7.01.01", "7.01.01.2.02"]),
    ]
    [w] = run("anggaran_sum_anak", report(tables=[_table("ruled")], anggaran=rows))
    assert w.severity == "warning" and "rata-rata" in w.message


def test_on_an_aligned_grid_a_row_carrying_another_columns_text_accuses_nobody() -> None:
    """Generated PDFs without rulings: a sasaran header's words and the satuan merged into the row
    ("0,5989 umum" beside "0,7074"), a lone "%" inside the indicator; on OCR a rule read as "|"."""
    from lkjip.checks.structure import doubt_ocr_digits

    def severities(struktur: str, *row_args: str) -> list[str]:
        r = report(tables=[_table(struktur, jenis="capaian_iku")], iku=[iku_row(*row_args)])
        return [w.severity for w in doubt_ocr_digits(run("iku_capaian", r), r)]

    assert severities("aligned", "Rata-rata Nilai IDM", "0,7074", "0,5989 umum", "87,89") == ["warning"]
    assert severities("aligned", "Persentase gangguan trantibum yang % ditindaklanjuti", "75", "78", "89") == [
        "warning"
    ]
    assert severities("ocr_aligned", "Indeks Kepuasan Masyarakat", "81.43 |", "68.12", "108.78") == ["warning"]
    # the tail of the row above's wrapped name merged into this row
    assert severities("aligned", "yang tepat waktu Jumlah dokumen perencanaan", "9", "8", "100") == ["warning"]
    # a unit printed in both figures is the table's, and the file's own grid is as printed
    assert severities("aligned", "Pelestarian Cagar Budaya", "10 Jenis", "9 Jenis", "100") == ["error"]
    assert severities("ruled", "Rata-rata Nilai IDM", "0,7074", "0,5989 umum", "87,89") == ["error"]


def test_a_desa_row_whose_nilai_lies_outside_0_to_1_is_no_desa() -> None:
    """Generated scan: the column numbers "(2) (3) (4) (5) (6)" read as a desa with nilai -6 pulled the
    mean of 11 desa to 0,1491 against a stated 0,7640."""
    from lkjip.checks.idm import desa_rows, mean_idm
    from lkjip.records import IdmRow

    desa = (("(2)", -6.0), ("Inam", 0.8), ("Sitori", 0.7))
    rows = [IdmRow(table_id="t01", nama_desa=n, nilai_idm=v) for n, v in desa]
    r = report(idm=rows)
    assert mean_idm(desa_rows(r, None)) == 0.75


def test_a_sentence_whose_realisasi_is_the_tables_pagu_proves_nothing() -> None:
    """Generated PDF: prose pagu 2.401.024.000 and realisasi 2.048.187.332; the table's total 'pagu' read
    2.048.187.332 (its realisasi column read as pagu)."""
    rows = [
        budget_row("program", ["I"], "Program A", 2_048_187_332),
        budget_row("jumlah", [], "Jumlah", 2_048_187_332),
    ]
    r = report(tables=[_table("ruled", jenis="alokasi_anggaran")], anggaran=rows)
    text = "Total pagu anggaran sebesar Rp 2.401.024.000 dan realisasi sebesar Rp 2.048.187.332 atau 85,30%."
    assert [w.severity for w in run("narasi_angka", r, text)] == ["warning"]
    other = "Total pagu anggaran sebesar Rp 2.401.024.000 dan realisasi sebesar Rp 2.000.187.332 atau 83,30%."
    assert [w.severity for w in run("narasi_angka", r, other)] == ["error"]


# --- a total printed as the heading of its rows -----------------------------------------------------


def test_a_total_printed_above_its_rows_may_sum_rows_past_the_page() -> None:
    """jabar-6._LKIP p48 (a rotated page): "Misi 1" carries the sum of its programs above them; its third
    program is printed on the next page, so the two read here falling short is no contradiction."""
    programs = [
        _row("program", "1", "Program Penataan Ruang", 300, ["1"]),
        _row("program", "2", "Program Perencanaan Kota", 100, ["2"]),
    ]
    heading = budget_row("jumlah", [], "Misi 1: Meningkatkan Kinerja Penataan Ruang", 550)
    [w] = run("anggaran_total", report(tables=[_table("ruled")], anggaran=[heading, *programs]))
    assert w.severity == "warning" and "berlanjut" in w.message
    closing = budget_row("jumlah", [], "Jumlah", 550)
    assert _severities("anggaran_total", [*programs, closing]) == ["error"]
