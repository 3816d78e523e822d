"""Tests for normalizers.indicators: the catalogue and the matching of printed wordings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip.normalizers.indicators import (
    GENERIC_WORDS,
    MATCH_THRESHOLD,
    SLUG_MAX,
    UNKNOWN_PREFIX,
    catalogue_collisions,
    evaluate,
    indicator_direction,
    load_catalogue,
    match_indicator,
    read_labelled,
)

WORDINGS = Path(__file__).with_name("indicator_wordings.tsv")
LABELLED = read_labelled(str(WORDINGS))
MIN_RECALL = 0.90

LOWER_IS_BETTER = {
    "aki", "akb", "akaba", "kemiskinan", "tpt", "tingkat_pelanggaran_perda",
    "temuan_berulang", "indeks_gini", "inflasi", "stunting", "indeks_pencemaran_udara",
}  # fmt: skip


# --- catalogue --------------------------------------------------------------------


def test_catalogue_has_the_recurring_kecamatan_and_opd_keys() -> None:
    catalogue = load_catalogue()
    assert len(catalogue) >= 35
    for kode in (
        "ikm", "nilai_akip", "idm_rata_rata", "desa_tertib_administrasi", "pemberdayaan_masyarakat",
        "trantib_ditindaklanjuti", "realisasi_anggaran", "nilai_lkjip", "opini_bpk", "paten",
        "indeks_reformasi_birokrasi", "nilai_evaluasi_kinerja", "sarpras_kantor_baik", "aki", "akb",
        "apm_sd", "apk_sd", "ipm", "tpt", "kemiskinan", "pertumbuhan_ekonomi", "iklh",
        "indeks_kualitas_udara", "indeks_kualitas_air", "ipg", "jalan_mantap", "bumdes_aktif",
        "temuan_ditindaklanjuti", "maturitas_spip", "kapabilitas_apip", "pelanggaran_perda_ditindaklanjuti",
    ):  # fmt: skip
        assert kode in catalogue, kode


def test_lower_is_better_keys_are_marked() -> None:
    catalogue = load_catalogue()
    for kode in LOWER_IS_BETTER:
        assert catalogue[kode].higher_is_better is False, kode
        assert indicator_direction(kode) is False
    assert indicator_direction("ikm") is True
    assert indicator_direction("x_something_else") is None


def test_catalogue_keys_are_slugs_and_not_unknown_prefixed() -> None:
    for kode, entry in load_catalogue().items():
        assert kode == entry.kode
        assert kode.replace("_", "").isalnum() and kode.islower(), kode
        assert not kode.startswith(UNKNOWN_PREFIX)
        assert entry.variants, kode


def test_no_two_keys_share_a_folded_variant() -> None:
    assert catalogue_collisions() == {}


def test_every_variant_matches_its_own_key() -> None:
    for kode, entry in load_catalogue().items():
        for variant in entry.variants:
            m = match_indicator(variant)
            assert m.known and m.kode == kode, (variant, m)


# --- labelled real wordings -------------------------------------------------------


def test_labelled_list_is_large_and_uses_catalogue_keys() -> None:
    assert len(LABELLED) >= 80
    catalogue = load_catalogue()
    for wording, expected, source in LABELLED:
        assert wording.strip() and source.strip()
        assert expected == "-" or expected in catalogue, expected
    assert sum(1 for _, e, _ in LABELLED if e == "-") >= 20


@pytest.mark.parametrize(("wording", "expected", "source"), LABELLED, ids=[r[0][:50] for r in LABELLED])
def test_no_wrong_match_above_threshold(wording: str, expected: str, source: str) -> None:
    m = match_indicator(wording)
    if expected == "-":
        assert not m.known, f"{source}: must not match, got {m.kode} ({m.score})"
        assert m.kode.startswith(UNKNOWN_PREFIX)
    elif m.known:
        assert m.kode == expected, f"{source}: expected {expected}, got {m.kode} ({m.score})"


def test_precision_and_recall_on_labelled_list() -> None:
    figures = evaluate(LABELLED)
    print(f"\n[indicator matching] threshold={MATCH_THRESHOLD} {figures.line()}")
    assert figures.wrong == 0 and figures.false_match == 0
    assert figures.recall >= MIN_RECALL


# --- specific behaviour ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kode"),
    [
        ("IKM", "ikm"),
        ("Indek Kepuasan Masyrakat", "ikm"),
        ("INDEKS KEPUASAN MASYARAKAT", "ikm"),
        ("2. Nilai SAKIP", "nilai_akip"),
        ("Nilai LKjIP", "nilai_lkjip"),
        ("Persentase Penyerapan Anggaran", "realisasi_anggaran"),
        ("Persentase Pelayanan Administrasi Terpadu Kecamatan (PATEN)", "paten"),
        ("Tingkat Maturitas SPIP", "maturitas_spip"),
        ("Level Kapabilitas APIP", "kapabilitas_apip"),
        ("Angka Kematian Bayi per 1.000KH", "akb"),
        ("Persentase jalan kabupaten dalam kondisi mantap", "jalan_mantap"),
    ],
)
def test_known_wordings(text: str, kode: str) -> None:
    m = match_indicator(text)
    assert m.known and m.kode == kode and m.score >= MATCH_THRESHOLD
    assert m.nama == load_catalogue()[kode].nama
    assert m.higher_is_better == load_catalogue()[kode].higher_is_better


@pytest.mark.parametrize(
    "text", ["Persentase", "Jumlah", "Nilai", "Indeks", "Rata-rata Capaian Kinerja", "", "   ", "1."]
)
def test_generic_words_alone_match_nothing(text: str) -> None:
    m = match_indicator(text)
    assert not m.known and m.nama is None and m.higher_is_better is None


def test_unknown_indicator_gets_its_own_slug_and_keeps_the_candidate() -> None:
    m = match_indicator("Persentase jalan dalam kondisi baik")
    assert not m.known
    assert m.kode == "x_persentase_jalan_kondisi_baik"
    assert m.candidate is not None and m.score < MATCH_THRESHOLD
    long = match_indicator("Persentase " + "sangat panjang sekali " * 10 + "indikator")
    assert len(long.kode) <= len(UNKNOWN_PREFIX) + SLUG_MAX


def test_sasaran_statement_is_not_an_indicator() -> None:
    m = match_indicator("Meningkatnya Kualitas Lingkungan Hidup")
    assert not m.known and m.candidate == "iklh"


def test_satuan_breaks_near_ties_only() -> None:
    assert match_indicator("Indeks Kepuasan Masyarakat", "%").kode == "ikm"
    assert match_indicator("Angka Kematian Ibu", "%").kode == "aki"


# --- properties --------------------------------------------------------------------

_catalogue_variants = [v for e in load_catalogue().values() for v in e.variants]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_a_well_formed_match(text: str) -> None:
    m = match_indicator(text)
    assert 0.0 <= m.score <= 100.0
    assert m.known == (not m.kode.startswith(UNKNOWN_PREFIX))
    assert len(m.kode) <= len(UNKNOWN_PREFIX) + SLUG_MAX
    assert (m.nama is not None) == m.known


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(sorted(GENERIC_WORDS)), min_size=1, max_size=6))
def test_generic_word_combinations_never_match(words: list[str]) -> None:
    assert not match_indicator(" ".join(words)).known


@settings(max_examples=100, deadline=None)
@given(
    st.sampled_from(_catalogue_variants),
    st.sampled_from(["", "1. ", "2 ", "01.02 ", "a. ", "III. "]),
    st.sampled_from([str.upper, str.lower, str.title, lambda s: s]),
)
def test_numbering_and_case_do_not_change_the_key(variant: str, prefix: str, case: object) -> None:
    assert callable(case)
    expected = match_indicator(variant).kode
    assert match_indicator(prefix + str(case(variant))).kode == expected
