"""Printed number forms from real reports, read as their authors meant them.

Every form in FORMS is copied as printed from /work/shared/real/sources/NN_*.txt
(group comment names NN) or from the seed report (000). SYNTHETIC holds the
OCR and layout variants the brief asks for that no source happens to print.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from lkjip.normalizers.numbers import ColumnKind, Reading, find_numbers, read_column, read_number


@dataclass(frozen=True)
class Form:
    text: str | None
    value: float | None
    pct: bool = False
    kat: str | None = None
    amb: bool = False
    kind: ColumnKind = "value"
    note: str | None = None
    placeholder: bool = False


def F(text: str | None, value: float | None, **kw: object) -> Form:
    return Form(text, value, **kw)  # type: ignore[arg-type]


def P(text: str | None) -> Form:
    return Form(text, None, placeholder=True)


def T(text: str) -> Form:
    """Text that holds no single number: None, and not a placeholder."""
    return Form(text, None)


FORMS: list[Form] = [
    # 01 (dot thousands, dot-decimal %)
    F("88.6", 88.6), F("749.930.215", 749930215), F("702.188.300", 702188300), F("93.6", 93.6),
    F("216.194.000", 216194000), F("188.957.200", 188957200), F("87.4", 87.4),
    F("378.896.500", 378896500), F("351.953.546", 351953546), F("92.9", 92.9),
    F("398.379.650", 398379650), F("307.055.630", 307055630), F("80.5", 80.5),
    # 02 (% in cell, n/a, interval conditions)
    F("55%", 55, pct=True), P("n/a"), P("N/A"), F("91 %", 91, pct=True), F("100 %", 100, pct=True),
    F("90%", 90, pct=True), F("75 %", 75, pct=True), F("≤ 50 %", 50, pct=True, note="≤"),
    # 03 (signed deltas, zeros)
    F("50,47%", 50.47, pct=True), F("80,46%", 80.46, pct=True), F("75,00%", 75, pct=True),
    F("42,03%", 42.03, pct=True), F("35", 35), F("49", 49), F("+7", 7), F("116", 116), F("0", 0),
    F("+6", 6), F("+1", 1),
    # 04 (comma thousands, dot decimals)
    F("95.56", 95.56), F("97.32", 97.32), F("150.00", 150), F("166.67", 166.67),
    F("1,004,422,800", 1004422800), F("177,776,900", 177776900), F("217,285,100", 217285100),
    F("159,227,092", 159227092), F("446,683,866", 446683866), F("1,000,972,958", 1000972958),
    F("99.66", 99.66), F("808,430,200", 808430200), F("805,369,584", 805369584), F("99.62", 99.62),
    F("195,992,600", 195992600), F("2,573,700", 2573700), F("115,545,074", 115545074),
    F("99.80", 99.8), F("49.99%", 49.99, pct=True), F(">100%", 100, pct=True, note=">"),
    # 05 (IDM, dot decimals)
    F("0.7543", 0.7543), F("0.6", 0.6), F("0.6667", 0.6667), F("0.6737", 0.6737),
    F("6303112002", 6303112002), F("630311", 630311),
    # 06 (IDM, comma decimals)
    F("0,79", 0.79), F("0,48", 0.48), F("0,64", 0.64), F("180316200", 180316200),
    # 07 (comma decimals)
    F("82,5", 82.5), F("84,75", 84.75), F("88,94", 88.94), F("107,81", 107.81), F("104,96", 104.96),
    F("66,67", 66.67), F("66,7", 66.7), F("102,57", 102.57), F("95,24", 95.24), F("44,44", 44.44),
    F("55,56", 55.56), F("310,38", 310.38), F("300,20", 300.2), F("103,46", 103.46),
    F("100,07", 100.07), F("104,96 %", 104.96, pct=True), F("66,7%", 66.7, pct=True),
    F("2,85%", 2.85, pct=True),
    # 08 (US format)
    F("2,278,222,167.00", 2278222167), F("100.00", 100), F("Rp. 8,631,273,911.00", 8631273911),
    F("Rp. 11,508,947,947.35", 11508947947.35), F("133,34 %", 133.34, pct=True),
    F("1,002,654,953.00", 1002654953), F("2,064,574,291.00", 2064574291), F("17.94", 17.94),
    F("0.00", 0), F("28,029,753.00", 28029753), F("0.24", 0.24), F("194.67", 194.67),
    F("3,657,333,688.00", 3657333688), F("206.88", 206.88), F("31.78", 31.78), F("221.41", 221.41),
    F("116,000,000.00", 116000000), F("2,073.00", 2073), F("1,500,000,000.00", 1500000000),
    F("66.39", 66.39), F("8.65", 8.65),
    # 09 (Indonesian with cents)
    F("2.390.574.448,00", 2390574448), F("2.439.216.909,00", 2439216909),
    F("48.642.461,00", 48642461), F("2,03", 2.03), F("1.365.574.448,00", 1365574448),
    F("1,88", 1.88), F("1.025.000.000,00", 1025000000), F("23.000.000,00", 23000000),
    F("2,24", 2.24), T("19791016 199810 1 002"),
    # 10
    F("46", 46), F("49,81", 49.81), F("94,35", 94.35), F("2,95", 2.95), F("229,38", 229.38),
    F("5,07", 5.07), F("47%", 47, pct=True), F("10.000", 10000, amb=True), F("1.000", 1000, amb=True),
    # 11 (annotated value)
    F("82 (>100%)", 82, note=">100%"), F("66 (>100%)", 66, note=">100%"),
    F("206,25%", 206.25, pct=True), F("343", 343),
    # 12 (non-numeric targets, Rp ,-)
    F("87,52", 87.52), F("84,1", 84.1), F("2.004", 2004, amb=True), F("56,1", 56.1), T("≥ HPP"),
    T("dibawah ambang batas"), F("Rp. 827.560.810,-", 827560810), F("Rp. 185.782.000,-", 185782000),
    F("Rp. 93.128.000,-", 93128000), F("Rp. 4.988.314.500,-", 4988314500),
    # 13 (mixed separators in one table)
    F("44.29", 44.29), F("54.83", 54.83), F("61.50", 61.5), F("112%", 112, pct=True),
    F("109,337%", 109.337, pct=True, amb=True), F("83.50", 83.5), F("121 %", 121, pct=True),
    F("86,98%", 86.98, pct=True), F("10.02", 10.02), F("118 %", 118, pct=True),
    F("111,97%", 111.97, pct=True), F("117%", 117, pct=True), F("177 %", 177, pct=True),
    F("70,27", 70.27),
    # 14 (same column mixes 98.74 and 98,77)
    F("98.07", 98.07), F("97.72", 97.72), F("100,36", 100.36), F("0,7", 0.7), F("98.74", 98.74),
    F("98,77", 98.77), F("0.94", 0.94), P("-"), F("0.79", 0.79),
    # 15 (comma decimals, label glued to number)
    F("0,15", 0.15), F("87,10", 87.1), F("8,49", 8.49), F("9,53", 9.53), F("1,5", 1.5),
    F("72,52", 72.52), F("85,38 %", 85.38, pct=True), F("0,19%", 0.19, pct=True),
    F("5.350", 5350, amb=True), T("per 100.000KH"),
    # 16 (dot thousands, page footer)
    F("134.999.200", 134999200), F("1.661.438.189", 1661438189), F("2.010.703.142", 2010703142),
    F("717.577.090", 717577090), F("19.999.148", 19999148), F("372.462.000", 372462000),
    F("34 |", 34),
    # 17 (placeholders, negative, chart axis)
    F("90,30", 90.3), P("Tidak tersedia data"), F("0,43", 0.43), F("91,41", 91.41),
    F("-0,33", -0.33), F("101,26%", 101.26, pct=True), F("91.5", 91.5), F("90.5", 90.5),
    # 18 (OCR noise)
    F("14,71", 14.71), F("121,32", 121.32), T("1,49 21 km"), T("1,8125,478 km"), F("778,15", 778.15),
    F("183,4", 183.4), F("169,90", 169.9), F("1.408,8", 1408.8), F("847,8", 847.8),
    # 19
    F("100,41", 100.41), F("92,22", 92.22), F("36.743", 36743, amb=True), F("92.22", 92.22),
    F("39.834", 39834, amb=True), F("15.981", 15981, amb=True),
    # 20
    F("405", 405), F("16,05", 16.05),
    # 21
    F("8.33", 8.33), F("31.25", 31.25), F("144", 144),
    # 22
    F("0.00190476", 0.00190476), F("0.00761905", 0.00761905), F("> 0,75", 0.75, note=">"),
    # 23 (dot-thousands counts)
    F("19,29%", 19.29, pct=True), F("20,00%", 20, pct=True), F("400%", 400, pct=True),
    F("6,67%", 6.67, pct=True), F("3.000", 3000, amb=True, kind="count"),
    F("30.000", 30000, amb=True, kind="count"), F("600", 600, kind="count"), T("x 100%"),
    # 24 (detached minus, 3-decimal comma)
    F("71,43", 71.43), F("- 28,39%", -28.39, pct=True), F("- 90,47%", -90.47, pct=True),
    F("17.259,19", 17259.19), F("17.306,59", 17306.59), F("25.091,24", 25091.24),
    F("0,267", 0.267), F("- 99,738%", -99.738, pct=True, amb=True),
    # 26 (APBDes, minus in a (Berkurang) column)
    F("10.000.000", 10000000), F("1.385.798.000", 1385798000), F("3.500.000", 3500000),
    F("-18.025.000", -18025000), F("-16.625.000", -16625000), F("13.370.000", 13370000),
    # 27 (Rp prefix)
    F("Rp 1.244.674.000", 1244674000, kind="rupiah"), F("Rp 0", 0, kind="rupiah"),
    F("Rp 69.242.000", 69242000), F("Rp 1.200.000", 1200000), F("Rp 2.378.716.000", 2378716000),
    F("Rp 3.631.680", 3631680),
    # 28 (spreadsheet floats)
    F("36.0", 36), F("3604.0", 3604), F("360405.0", 360405), F("3.604052001E9", 3604052001),
    F("3.60435201E9", 3604352010), F("0.9", 0.9), F("0.84", 0.84), F("0.747", 0.747),
    # 29 (space before %, inconsistent thousands)
    F("65 %", 65, pct=True), F("90,83 %", 90.83, pct=True), F("139,73 %", 139.73, pct=True),
    F("17.457", 17457, amb=True, kind="count"), F("1922", 1922, kind="count"),
    F("3.351", 3351, amb=True, kind="count"), F("1051", 1051, kind="count"),
    F("1.085", 1085, amb=True, kind="count"),
    # 000 seed: Tabel 2.2, 2.3, 3.2, 3.3
    F("70,15", 70.15), F("76,31", 76.31), F("108%", 108, pct=True),
    F("56,00 (C Kategori)", 56, kat="C"), F("43,62 (C Kategori)", 43.62, kat="C"),
    F("56 (CC Kategori)", 56, kat="CC"), F("77,89%", 77.89, pct=True), F("0,65", 0.65),
    F("0,62%", 0.62, pct=True), F("95,38%", 95.38, pct=True), F("100%", 100, pct=True),
    F("63,075", 63.075, amb=True), F("65,63", 65.63), F("104%", 104, pct=True), F("88,33", 88.33),
    # 000 seed: Tabel 3 (analysis), IDM table
    F("108,78", 108.78), F("56.00 (CC)", 56, kat="CC"), F("43,62 C", 43.62, kat="C"),
    F("93,33", 93.33), F("0,71", 0.71), F("98,46", 98.46), F("0.8971", 0.8971),
    F("0.7500", 0.75), F("0.7065", 0.7065), F("1506042015", 1506042015),
    # 000 seed: Tabel 2.4 / 3.4 (mixed separators in one column)
    F("2,923,404,381", 2923404381), F("2.584.957.568", 2584957568), F("2,503,637,568", 2503637568),
    F("144.885.813", 144885813), F("5,388,046", 5388046), F("12.000.000", 12000000),
    F("1,718,032,117", 1718032117), F("5,547,036,498", 5547036498), F("2,166,288,970", 2166288970),
    F("86.53", 86.53), F("97.54", 97.54), F("99.98", 99.98), F("100,00", 100), F("84.27", 84.27),
    F("70.39", 70.39), F("81,48", 81.48), F("91.37", 91.37), F("12 Dokumen", 12, note="Dokumen"),
    F("22 orang/bulan", 22, note="orang/bulan"), F("35 stel", 35, note="stel"),
    F("15 Pokmas", 15, note="Pokmas"), T("11 13"), T("50.461.000 41,531,000"),
    # 000 seed: narrative
    F("Rp. 5,547,036,498,00", 5547036498), F("Rp. 5,068,205,781,00", 5068205781),
    F("91.37%", 91.37, pct=True), F("Rp. 478,830,717,00", 478830717),
    F("Rp. 2.584.957.568,00", 2584957568), F("86,87 %", 86.87, pct=True), F("96,80 %", 96.8, pct=True),
    F("570,21 Km²", 570.21, note="Km2"), F("88,62 %", 88.62, pct=True), F("0,7065", 0.7065),
]  # fmt: skip

SYNTHETIC: list[Form] = [
    P(""), P(None), P("—"), P("Rp. -"), P(" | - | "),
    F("(1.234.567)", -1234567), F("(Rp 1.234.567)", -1234567), F("1 234 567", 1234567),
    F("1\u00a0234\u00a0567", 1234567), F("2.584.957.568 ,00", 2584957568), F("1O0", 100),
    F("l00%", 100, pct=True), F("|100", 100), F("100|", 100), F("S5", 55), F("1B", 18),
    F("10O.OOO", 100000, amb=True), F("1.234", 1234, amb=True, kind="rupiah"),
    F("1.234", 1.234, amb=True, kind="index"), F("63,075", 63.075, amb=True, kind="percent"),
    F("12 (Dua Belas)", 12, note="Dua Belas"), T("I."), F("1.", 1), T("7.01.01.2.01.0001"),
    F("−5", -5),
]  # fmt: skip


def _check(form: Form, reading: Reading) -> None:
    assert reading.text == ("" if form.text is None else form.text)
    assert reading.value == (None if form.value is None else float(form.value))
    assert reading.placeholder is form.placeholder
    assert reading.is_percent is form.pct
    assert reading.kategori == form.kat
    assert reading.ambiguous is form.amb
    if form.note is not None:
        assert reading.note == form.note
    if reading.ambiguous:
        assert reading.evidence
        assert reading.value not in reading.alternatives
    else:
        assert reading.evidence is None
    if reading.value is None:
        assert reading.decimals is None
    else:
        assert reading.decimals is not None and reading.decimals >= 0


def test_table_has_at_least_200_real_forms() -> None:
    assert len(FORMS) >= 200
    assert len({(f.text, f.kind) for f in FORMS}) == len(FORMS)


@pytest.mark.parametrize("form", FORMS, ids=[repr(f.text) for f in FORMS])
def test_real_printed_form(form: Form) -> None:
    _check(form, read_number(form.text, form.kind))


@pytest.mark.parametrize("form", SYNTHETIC, ids=[repr(f.text) for f in SYNTHETIC])
def test_synthetic_form(form: Form) -> None:
    _check(form, read_number(form.text, form.kind))


@pytest.mark.parametrize(
    ("text", "applied"),
    [
        ("Rp. 827.560.810,-", ("strip_currency", "dash_cents", "thousands_dot")),
        ("5,547,036,498,00", ("thousands_comma", "comma_cents")),
        ("1,002,654,953.00", ("thousands_comma", "decimal_dot")),
        ("2.584.957.568,00", ("thousands_dot", "decimal_comma")),
        ("3.604052001E9", ("sci_notation",)),
        ("- 28,39%", ("detached_minus", "percent_sign", "decimal_comma")),
        ("(1.234.567)", ("negative_parentheses", "thousands_dot")),
        ("1O0", ("ocr_digit",)),
        ("1 234 567", ("space_in_number",)),
        ("12 Dokumen", ("unit_text",)),
    ],
)
def test_applied_names_the_normalisations(text: str, applied: tuple[str, ...]) -> None:
    assert read_number(text).applied == applied


@pytest.mark.parametrize(
    ("text", "decimals"),
    [("70,15", 2), ("0,7065", 4), ("1.408,8", 1), ("2.584.957.568", 0), ("5,547,036,498,00", 2),
     ("3.604052001E9", 0), ("108%", 0), ("63,075", 3), ("3.000", 0)],
)  # fmt: skip
def test_decimals_counts_printed_places_of_chosen_reading(text: str, decimals: int) -> None:
    assert read_number(text).decimals == decimals


def test_lone_ambiguous_cells_say_why_and_keep_the_other_reading() -> None:
    comma = read_number("63,075")
    assert (comma.value, comma.alternatives) == (63.075, (63075.0,))
    assert comma.evidence is not None and "koma" in comma.evidence
    dot = read_number("2.004")
    assert (dot.value, dot.alternatives) == (2004.0, (2.004,))
    assert read_number("3.000", "count").evidence == (
        "jenis kolom count: tidak mungkin 3 angka desimal, titik = ribuan"
    )


def test_unknown_kind_is_a_programmer_error() -> None:
    with pytest.raises(ValueError, match="column kind"):
        read_number("1", "money")  # type: ignore[arg-type]


# --- read_column ---------------------------------------------------------------


def test_column_with_comma_decimals_decides_63_075() -> None:
    # seed Tabel 3.3 target column: 63,075 / 88,33 / 100%
    first, *_ = read_column(["63,075", "88,33", "100,00", "90,33"])
    assert first.value == 63.075
    assert first.alternatives == (63075.0,)
    assert first.evidence == "kolom memakai koma desimal (3 sel)"


def test_column_with_comma_thousands_reads_x_comma_xxx_as_thousands() -> None:
    readings = read_column(["2,503,637,568", "81,320,000", "1,500"])
    assert readings[2].value == 1500
    assert readings[2].alternatives == (1.5,)
    assert readings[2].evidence == "kolom memakai koma ribuan (2 sel)"


def test_column_with_dot_thousands_reads_1_234_as_thousands() -> None:
    readings = read_column(["2.584.957.568", "144.885.813", "1.234"])
    assert readings[2].value == 1234
    assert readings[2].evidence == "kolom memakai titik ribuan (2 sel)"


def test_column_with_dot_decimals_reads_x_comma_xxx_as_thousands() -> None:
    readings = read_column(["44.29", "54.83", "1,234"])
    assert readings[2].value == 1234
    assert readings[2].evidence is not None and "titik desimal (2 sel)" in readings[2].evidence


def test_count_column_reads_3_000_as_3000() -> None:
    # 23: "Jumlah anak yang Khatam Al-Qur'an (orang)" targets 2011-2015
    readings = read_column(["3.000", "3.000", "3.000"], "count")
    assert [r.value for r in readings] == [3000, 3000, 3000]
    assert all(r.alternatives == (3.0,) for r in readings)


def test_rupiah_column_reads_1_234_as_1234() -> None:
    readings = read_column(["1.234", "Rp 0"], "rupiah")
    assert readings[0].value == 1234
    assert readings[0].alternatives == (1.234,)
    assert readings[0].evidence is not None and "rupiah" in readings[0].evidence


def test_index_column_reads_0_747_and_1_234_as_decimals() -> None:
    readings = read_column(["0.747", "0.84", "1.234"], "index")
    assert [r.value for r in readings] == [0.747, 0.84, 1.234]


def test_mixed_column_is_read_per_cell() -> None:
    # seed Tabel 3.4: budget column and capaian column mixing conventions
    budget = read_column(["2.923.404.381", "2,503,637,568", "81,320,000", "144.885.813", "4.000.000"])
    assert [r.value for r in budget] == [2923404381, 2503637568, 81320000, 144885813, 4000000]
    assert not any(r.ambiguous for r in budget)
    capaian = read_column(["86.53", "97.54", "100,00", "84.27", "81,48", None, "-"], "percent")
    assert [r.value for r in capaian] == [86.53, 97.54, 100, 84.27, 81.48, None, None]
    assert [r.placeholder for r in capaian[-2:]] == [True, True]


def test_column_of_whole_numbers_reads_dot_group_as_thousands() -> None:
    # 29: "1922" next to "3.351" in one PUAS column
    readings = read_column(["115", "1922", "1240", "3.351", "1051", "1.085"])
    assert readings[3].value == 3351 and readings[5].value == 1085
    assert readings[3].evidence == "kolom berisi bilangan bulat >= 1000 (4 sel)"


def test_percent_column_reads_ambiguous_as_decimal() -> None:
    readings = read_column(["1,085", "100"], "percent")
    assert readings[0].value == 1.085
    assert readings[0].alternatives == (1085.0,)


def test_column_keeps_length_and_order() -> None:
    texts = ["70,15", None, "", "≥ HPP", "56.00 (CC)", "43,62 C"]
    readings = read_column(texts)
    assert [r.text for r in readings] == ["70,15", "", "", "≥ HPP", "56.00 (CC)", "43,62 C"]
    assert [r.kategori for r in readings] == [None, None, None, None, "CC", "C"]


# --- find_numbers --------------------------------------------------------------

SEED_PROSE = (
    "Belanja Kantor Kecamatan Betara Kabupaten Tanjung Jabung Barat Tahun Anggaran 2022 ditetapkan "
    "sebesar Rp. 5,547,036,498,00 dengan realisasi per 31 Desember 2022 sebesar Rp. 5,068,205,781,00 "
    "atau 91.37% sehingga sisa dari anggaran sebesar Rp. 478,830,717,00 yang meliputi :"
)


def test_find_numbers_in_seed_prose() -> None:
    found = {SEED_PROSE[s:e]: r.value for s, e, r in find_numbers(SEED_PROSE)}
    assert found == {
        "2022": 2022,
        "Rp. 5,547,036,498,00": 5547036498,
        "31": 31,
        "Rp. 5,068,205,781,00": 5068205781,
        "91.37%": 91.37,
        "Rp. 478,830,717,00": 478830717,
    }


def test_find_numbers_reads_terbilang_kategori_and_spaced_percent() -> None:
    text = (
        "terbagi kedalam 3 (Tiga) Program, 12 (Dua Belas) kegiatan; realisasi keuangan 88,62 % "
        "dan nilai AKIP 56,00 (C Kategori) pada Tahun 2022 (un-audited) dengan PM10."
    )
    found = [(text[s:e], r.value, r.note, r.kategori) for s, e, r in find_numbers(text)]
    assert found == [
        ("3 (Tiga)", 3, "Tiga", None),
        ("12 (Dua Belas)", 12, "Dua Belas", None),
        ("88,62 %", 88.62, None, None),
        ("56,00 (C Kategori)", 56, None, "C"),
        ("2022", 2022, None, None),
    ]


def test_find_numbers_spans_point_into_the_text() -> None:
    text = "mencapai 133,34 % sebelum audit; capaian 66 x 100 % = 206,25%"
    for start, end, reading in find_numbers(text):
        assert text[start:end] == reading.text
    assert [r.value for _, _, r in find_numbers(text)] == [133.34, 66, 100, 206.25]
