"""Cell, header and caption text: homoglyph codes, hyphen rejoin, OCR letter-spacing, comparison keys.

Cases come from the seed report (000) and MANIFEST section 8 (file numbers in comments).
"""

from __future__ import annotations

import pytest

from lkjip.normalizers.text import clean_code, clean_text, fix_homoglyphs, fix_letter_spacing, fold

# --- clean_code -------------------------------------------------------------------

CYRILLIC_A, CYRILLIC_VE, CYRILLIC_ES, GREEK_ALPHA, CYRILLIC_I = (
    "\u0410",
    "\u0412",
    "\u0421",
    "\u0391",
    "\u0406",
)


@pytest.mark.parametrize(
    ("printed", "code"),
    [
        # 000 seed Tabel 2.4 / 3.4 row codes printed in Greek and Cyrillic
        (GREEK_ALPHA, "A"),
        (CYRILLIC_VE, "B"),
        (CYRILLIC_ES, "C"),
        (CYRILLIC_A, "A"),
        (CYRILLIC_I, "I"),
        ("\u0399\u0399.", "II"),  # Greek iota twice
        ("I.", "I"),
        ("II.", "II"),
        ("1.", "1"),
        ("1. ", "1"),
        ("F 1", "F 1"),
        ("7.01.01.2.01.0001", "7.01.01.2.01.0001"),
        ("01.01.02", "01.01.02"),
        ("5.1.2.01.", "5.1.2.01"),  # 26 kode rekening with trailing dot
        ("5.1.2.01. [01.01.02]", "5.1.2.01. [01.01.02]"),
        ("D", "D"),
        (None, ""),
        ("", ""),
    ],
)
def test_clean_code(printed: str | None, code: str) -> None:
    assert clean_code(printed) == code
    assert clean_code(printed).isascii()


# --- fix_homoglyphs / clean_text -----------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "clean"),
    [
        ("P\u0435rsentase", "Persentase"),  # Cyrillic e inside a Latin word
        ("K\u0430nt\u043er Camat", "Kantor Camat"),
        (f"{CYRILLIC_VE} Administrasi Kepegawaian", "B Administrasi Kepegawaian"),  # 000 row code
        (f"{GREEK_ALPHA}\tKoordinasi Kegiatan", "A\tKoordinasi Kegiatan"),
        ("\u0406\u0406 PROGRAM PEMBINAAN", "II PROGRAM PEMBINAAN"),  # short capital code in Latin text
    ],
)
def test_fix_homoglyphs_inside_latin_words_and_codes(printed: str, clean: str) -> None:
    assert fix_homoglyphs(printed) == clean


@pytest.mark.parametrize(
    "text",
    ["Привет мир", "Ελληνικά", "\u041c\u0410\u041c\u0410 \u0438 \u043f\u0430\u043f\u0430", "Kinerja Utama"],
)
def test_fix_homoglyphs_leaves_real_cyrillic_greek_and_latin_alone(text: str) -> None:
    assert fix_homoglyphs(text) == text


@pytest.mark.parametrize(
    ("printed", "clean"),
    [
        ("Perundang-\nundangan", "Perundang-undangan"),
        ("Penyediaan Bahan Bacaan dan Peraturan Perundang- undangan", "Penyediaan Bahan Bacaan dan Peraturan Perundang-undangan"),  # 000
        ("pemberda-\nyaan masyarakat", "pemberdayaan masyarakat"),
        ("Rata-\nrata Capaian", "Rata-rata Capaian"),
        ("masing-\nmasing", "masing-masing"),
        ("yang berhasil-\nguna", "yang berhasil-guna"),
        ("Sasaran Sub-\nKegiatan :", "Sasaran Sub-Kegiatan :"),  # 04
        ("keber-\nhasilan", "keberhasilan"),
        ("Realisasi\n(Rp)", "Realisasi (Rp)"),  # 01 header wrapped one word per line
        ("CAPAIAN\nREALISASI\nANGGARAN\n(%)", "CAPAIAN REALISASI ANGGARAN (%)"),
        ("  Jumlah\u00a0 Desa  ", "Jumlah Desa"),
        ("\ufb01skal", "fiskal"),  # NFKC ligature
        ("Ang\u00adgaran", "Anggaran"),  # soft hyphen
        ("Nilai AKIP SKPD", "Nilai AKIP SKPD"),
        (None, ""),
    ],
)  # fmt: skip
def test_clean_text(printed: str | None, clean: str) -> None:
    assert clean_text(printed) == clean


@pytest.mark.parametrize(
    "text",
    [
        "Tahun 2021-2026",  # digits around a hyphen
        "Undang –Undang Nomor 14 Tahun 2000",  # 000: en dash with spaces is left alone
        "Pusat- daerah",  # hyphen + space, not a known compound: left alone
        "Bertambah/(Berkurang)",
        "Total dari nilai persepsi per unsur IKM = X Nilai penimbang",
        "Capaian 2019(%)",
        "0,79 0,48 0,6667",
    ],
)
def test_clean_text_never_damages_correct_text(text: str) -> None:
    assert clean_text(text) == text


# --- fix_letter_spacing ------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "fixed"),
    [
        ("J u m l a h", "Jumlah"),  # 12
        ("J u m l a h APBD Rp", "Jumlah APBD Rp"),  # 12
        ("KI NERJ A", "KINERJA"),  # 18
        ("Per sentase", "Persentase"),  # 18
        ("Pers entase laporan Kejadian", "Persentase laporan Kejadian"),  # 000 Tabel 2.3
        ("Satua n", "Satuan"),  # 18
        ("Rat a-r at a Capaian 110", "Rata-rata Capaian 110"),  # 18
        ("LAPORAN KI NERJ A PE MERINT AHKABUPAT EN T ANAH DAT AR", "LAPORAN KINERJA PEMERINTAH KABUPATEN TANAH DATAR"),  # 18
        ("kiner jasasar an st r at egis 3.3.1", "kinerja sasaran strategis 3.3.1"),  # 18
        ("keber hasilan pencapaian ter masuk kat egor i sangat baik", "keberhasilan pencapaian termasuk kategori sangat baik"),  # 18
        ("BERKE MBAN G", "BERKEMBANG"),  # 06
        ("KABUPATE N", "KABUPATEN"),  # 06
        ("KALIMANTA N SELATAN", "KALIMANTAN SELATAN"),  # 05
        ("No Indikator Satua n Tahun", "No Indikator Satuan Tahun"),  # 18
    ],
)  # fmt: skip
def test_fix_letter_spacing(printed: str, fixed: str) -> None:
    assert fix_letter_spacing(printed) == fixed


@pytest.mark.parametrize(
    "text",
    [
        "Kinerja Utama",
        "Indikator Kinerja Utama",
        "Sub Kegiatan",
        "di bawah",
        "Rata rata",
        "Bunga Tanjung",  # 000 desa names, not in the vocabulary
        "Pematang Lumut",
        "A Administrasi Keuangan Perangkat Daerah",
        "C Kategori",
        "T AHUN 20 15",  # digits are never joined, so "20 15" stays two tokens
        "IKS IKE IKL NILAI IDM STATUS IDM",
        "1 2 3 4 5 6",
        "Nilai ı ata-rata IDM Ked camatan Betara",  # 000: broken, but not into report words
        "",
    ],
)
def test_fix_letter_spacing_never_joins_real_words(text: str) -> None:
    expected = "TAHUN 20 15" if text == "T AHUN 20 15" else text
    assert fix_letter_spacing(text) == expected


def test_fix_letter_spacing_keeps_line_breaks_and_other_whitespace() -> None:
    assert fix_letter_spacing("Satua n\nTarget\t2020") == "Satuan\nTarget\t2020"
    assert fix_letter_spacing("J u m l a h\nA P B D") == "Jumlah\nAPBD"
    assert fix_letter_spacing("Satua\nn") == "Satua\nn"  # never joins across a line break


# --- fold -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rata-Rata Capaian", "Rat a-r at a Capaian"),
        ("Satuan", "Satua n"),
        ("Persentase", "Pers entase"),
        ("CAPAIAN\nREALISASI ANGGARAN (%)", "Capaian Realisasi Anggaran %"),
        ("Anggaran (Rp.)", "ANGGARAN (Rp)"),
        ("Capaian Kinerja(%)", "capaian kinerja %"),
        ("Realisasi  2020", "REALISASI 2020"),
    ],
)
def test_fold_makes_header_variants_equal(a: str, b: str) -> None:
    assert fold(a) == fold(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Target", "Realisasi"),
        ("Capaian (%)", "Capaian"),
        ("Kinerja Utama", "KinerjaUtama"),
        ("2019", "2020"),
    ],
)
def test_fold_keeps_different_headers_apart(a: str, b: str) -> None:
    assert fold(a) != fold(b)


def test_fold_output_form() -> None:
    assert fold("  Rata-rata  Capain\nKinerja (%) ") == "rata rata capain kinerja %"
    assert fold(None) == ""
