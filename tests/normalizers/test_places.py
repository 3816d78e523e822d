"""Tests for normalizers.places: kabupaten, instansi, desa codes and mentions in prose."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lkjip.normalizers.places import (
    Place,
    check_desa,
    desa_name,
    find_instansi_mentions,
    find_place_mentions,
    kabupaten_aliases,
    kecamatan_of_desa,
    normalize_kode_desa,
    resolve_kabupaten,
    resolve_place,
    resolve_provinsi,
)

BETARA = Place("Kecamatan Betara", "kecamatan", "Kabupaten Tanjung Jabung Barat", "Jambi", "15.06.04")
TANJABBAR = ("Kabupaten Tanjung Jabung Barat", "15.06", "Jambi")

# The 11 desa of the seed's IDM table (seed 000, Tabel after 3.3.2), as printed.
SEED_IDM_DESA = [
    ("1506042015", "Bunga Tanjung"),
    ("1506042011", "Lubuk Terentang"),
    ("1506042008", "Makmur Jaya"),
    ("1506042017", "Mandala Jaya"),
    ("1506042013", "Muntialo"),
    ("1506042012", "Pematang Buluh"),
    ("1506042001", "Pematang Lumut"),
    ("1506042009", "Serdang Jaya"),
    ("1506042016", "Sungai Terap"),
    ("1506042014", "Teluk Kulbi"),
    ("1506042010", "Terjun Gajah"),
]

# Kabupaten Serang desa from real/sources/28 (KODE DESA stored as floats, names upper case).
SERANG_DESA = [
    ("3.604052001E9", "KRAMATWATU", "36.04.05"),
    ("3.60405201E9", "PEGADINGAN", "36.04.05"),
    ("3.604072005E9", "LAMBANGSARI", "36.04.07"),
    ("3.604092017E9", "PELAWAD", "36.04.09"),
    ("3.604132012E9", "ALANG-ALANG", "36.04.13"),
    ("3.604192007E9", "NAGARA PADANG", "36.04.19"),
    ("3.604192011E9", "KAMPUNG BARU", "36.04.19"),
    ("3.604252002E9", "GARUT", "36.04.25"),
    ("3.60430201E9", "SINDANGKARYA", "36.04.30"),
    ("3.604322014E9", "BALE KENCANA", "36.04.32"),
]

# Seed 000, BAB III first paragraph (trimmed): the report names another kecamatan.
SEED_BAB_III = (
    "Akuntabilitas kinerja adalah kewajiban untuk menjawab dari perorangan, badan hukum atau pimpinan "
    "kolektif secara transparan mengenai keberhasilan atau kegagalan dalam melaksanakan misi organisasi "
    "kepada pihak-pihak yang berwenang menerima pelaporan akuntabilitas/ pemberi amanah. Kecamatan Jambi "
    "Selatan Kota Jambi selaku pengemban amanah masyarakat melaksanakan berakuntabilitas melalui penyajian "
    "Laporan Kinerja Kecamatan Jambi Selatan Kota Jambi yang dibuat sesuai ketentuan yang diamanatkan."
)
SEED_OWN = (
    "Rencana Strategis Kecamatan Betara Kabupaten Tanjung Jabung Barat adalah merupakan dokumen yang "
    "disusun melalui proses sistimatis. Kecamatan Betara terdiri dari 11 (sebelas) Desa dan 1 (satu) "
    "Kelurahan. Sebelah barat berbatasan dengan Kecamatan Bram Itam. Kedudukan Kecamatan merupakan "
    "perangkat daerah Kabupaten sebagai pelaksana teknis kewilayahan, Kecamatan dalam Kabupaten Tanjung "
    "Jabung Barat."
)
SEED_FILE = Path("/work/shared/seeds/000_eb81b39e68148019.txt")


# --- kabupaten -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Tanjab Barat",
        "Tanjabbar",
        "TANJABBAR",
        "Kab. Tanjung Jabung Barat",
        "Kab Tanjung Jabung Barat",
        "KABUPATEN TANJUNG JABUNG BARAT",
        "Kabupaten Tanjungjabung Barat",
        "Tanjungjabung Barat",
        "Pemerintah Kabupaten Tanjung Jabung Barat",
        "Kabupaten Tanjung Jabung Barat Provinsi Jambi",
    ],
)
def test_kabupaten_variants_resolve_to_one_name(text: str) -> None:
    assert resolve_kabupaten(text) == TANJABBAR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kota Jambi", ("Kota Jambi", "15.71", "Jambi")),
        ("KOTA DUMAI", ("Kota Dumai", "14.72", "Riau")),
        ("Kab. Serang", ("Kabupaten Serang", "36.04", "Banten")),
        ("Kota Serang", ("Kota Serang", "36.73", "Banten")),
        ("Labura", ("Kabupaten Labuhanbatu Utara", "12.23", "Sumatera Utara")),
        ("Tanjab Timur", ("Kabupaten Tanjung Jabung Timur", "15.07", "Jambi")),
        ("Kukar", ("Kabupaten Kutai Kartanegara", "64.02", "Kalimantan Timur")),
        ("KSB", ("Kabupaten Sumbawa Barat", "52.07", "Nusa Tenggara Barat")),
    ],
)
def test_other_kabupaten(text: str, expected: tuple[str, str, str]) -> None:
    assert resolve_kabupaten(text) == expected


@pytest.mark.parametrize("text", ["Serang", "Jambi", "Bogor", "", "Kabupaten", "Dinas Pendidikan"])
def test_ambiguous_or_no_kabupaten_gives_none(text: str) -> None:
    assert resolve_kabupaten(text) is None


def test_every_alias_names_a_real_kabupaten() -> None:
    for alias, name in kabupaten_aliases().items():
        found = resolve_kabupaten(alias)
        assert found is not None and found[0] == name, alias


def test_provinsi() -> None:
    assert resolve_provinsi("Provinsi Jambi") == ("Jambi", "15")
    assert resolve_provinsi("DKI Jakarta") == ("Daerah Khusus Ibukota Jakarta", "31")
    assert resolve_provinsi("Jateng") == ("Jawa Tengah", "33")
    assert resolve_provinsi("Atlantis") is None


# --- instansi ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("instansi", "kabupaten"),
    [
        ("KANTOR KECAMATAN BETARA", "KABUPATEN TANJUNG JABUNG BARAT"),
        ("Betara", "KABUPATEN TANJUNG JABUNG BARAT"),
        ("Kec. Betara", "Tanjabbar"),
        ("Camat Betara", "Tanjab Barat"),
        ("Kantor Camat Betara Kab. Tanjung Jabung Barat", None),
        ("KANTOR KECAMATAN BETARA KABUPATEN TANJUNG JABUNG BARAT", None),
        ("Kecamatan Betara", None),  # the name is unique in Indonesia
    ],
)
def test_seed_instansi_resolves_to_kecamatan_betara(instansi: str, kabupaten: str | None) -> None:
    assert resolve_place(instansi, kabupaten) == BETARA


def test_kecamatan_named_in_several_kabupaten_needs_the_kabupaten() -> None:
    unresolved = resolve_place("Kecamatan Sukodono")
    assert unresolved.instansi == "Kecamatan Sukodono" and unresolved.kode_wilayah is None
    resolved = resolve_place("Kecamatan Sukodono", "Kabupaten Lumajang")
    assert resolved.kode_wilayah is not None and resolved.kode_wilayah.startswith("35.08.")
    assert resolved.kabupaten == "Kabupaten Lumajang"


def test_kecamatan_whose_name_starts_with_kota() -> None:
    p = resolve_place("Kecamatan Kota Baru Kota Jambi")
    assert (p.instansi, p.kabupaten, p.kode_wilayah) == ("Kecamatan Kota Baru", "Kota Jambi", "15.71.07")


@pytest.mark.parametrize(
    ("instansi", "kabupaten", "expected"),
    [
        ("Inspektorat Daerah Kabupaten Sampang", None,
         Place("Inspektorat Daerah", "inspektorat", "Kabupaten Sampang", "Jawa Timur", "35.27")),
        ("Inspektorat Kabupaten Labuhanbatu Utara", None,
         Place("Inspektorat Daerah", "inspektorat", "Kabupaten Labuhanbatu Utara", "Sumatera Utara", "12.23")),
        ("Dinas Lingkungan Hidup", "Tanjabbar",
         Place("Dinas Lingkungan Hidup", "dinas", "Kabupaten Tanjung Jabung Barat", "Jambi", "15.06")),
        ("DINAS PEKERJAAN UMUM DAN PENATAAN RUANG KOTA DUMAI", None,
         Place("Dinas Pekerjaan Umum dan Penataan Ruang", "dinas", "Kota Dumai", "Riau", "14.72")),
        ("DPMPD Kab. Kediri", None,
         Place("Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa", "dinas", "Kabupaten Kediri", "Jawa Timur", "35.06")),
        ("Badan Perencanaan Pembangunan Daerah", "Kota Jambi",
         Place("Badan Perencanaan Pembangunan Daerah", "badan", "Kota Jambi", "Jambi", "15.71")),
        ("Sekretariat Daerah", "Kabupaten Serang",
         Place("Sekretariat Daerah", "sekretariat", "Kabupaten Serang", "Banten", "36.04")),
        ("Pemerintah Kabupaten Tanah Datar", None,
         Place("Pemerintah Kabupaten Tanah Datar", "kabupaten", "Kabupaten Tanah Datar", "Sumatera Barat", "13.04")),
        ("Pemerintah Kota Dumai", None, Place("Pemerintah Kota Dumai", "kota", "Kota Dumai", "Riau", "14.72")),
        ("Satuan Polisi Pamong Praja", "Kota Jambi",
         Place("Satuan Polisi Pamong Praja", "lainnya", "Kota Jambi", "Jambi", "15.71")),
        ("Kelurahan Mekar Jaya", "Tanjab Barat",
         Place("Kelurahan Mekar Jaya", "kelurahan", "Kabupaten Tanjung Jabung Barat", "Jambi", "15.06.04.1007")),
    ],
)  # fmt: skip
def test_perangkat_daerah(instansi: str, kabupaten: str | None, expected: Place) -> None:
    assert resolve_place(instansi, kabupaten) == expected


def test_provinsi_level_instansi_gets_the_provinsi_code() -> None:
    p = resolve_place("Badan Ketahanan Pangan Daerah", None, "Provinsi Lampung")
    assert p == Place("Badan Ketahanan Pangan Daerah", "badan", None, "Lampung", "18")


def test_nothing_known_gives_empty_place() -> None:
    assert resolve_place(None) == Place(None, None, None, None, None)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80), st.one_of(st.none(), st.text(max_size=40)))
def test_resolve_place_never_raises_and_keeps_codes_consistent(instansi: str, kabupaten: str | None) -> None:
    p = resolve_place(instansi, kabupaten)
    if p.kode_wilayah and p.kabupaten and p.jenis_instansi in {"kecamatan", "kelurahan"}:
        found = resolve_kabupaten(p.kabupaten)
        assert found is not None and p.kode_wilayah.startswith(found[1] + ".")
    if p.kabupaten is not None:
        assert not p.kabupaten.lower().startswith("tanjab")


# --- desa -------------------------------------------------------------------------------


def test_desa_name() -> None:
    assert desa_name("1506042015") == "Bunga Tanjung"
    assert desa_name("15.06.04.2015") == "Bunga Tanjung"
    assert desa_name("9999999999") is None
    assert desa_name("15060420") is None


@pytest.mark.parametrize(("kode", "nama"), SEED_IDM_DESA)
def test_seed_idm_desa_codes_and_names_agree(kode: str, nama: str) -> None:
    assert check_desa(kode, nama)
    assert check_desa(kode, f"Desa {nama.upper()}")
    assert kecamatan_of_desa(kode) == "15.06.04"


def test_check_desa_rejects_another_desa_name() -> None:
    codes = [k for k, _ in SEED_IDM_DESA]
    names = [n for _, n in SEED_IDM_DESA]
    for i, kode in enumerate(codes):
        assert not check_desa(kode, names[(i + 1) % len(names)])
    assert not check_desa("9999999999", "Bunga Tanjung")


@pytest.mark.parametrize(("kode", "nama", "kecamatan"), SERANG_DESA)
def test_serang_desa_from_float_codes(kode: str, nama: str, kecamatan: str) -> None:
    assert check_desa(kode, nama)
    assert kecamatan_of_desa(kode) == kecamatan


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("3.604052001E9", "3604052001"),
        ("3.60435201E9", "3604352010"),
        ("1506042015", "1506042015"),
        ("15.06.04.2015", "1506042015"),
        (" 1506042015 ", "1506042015"),
        ("36.0", None),
        ("abc", None),
        ("", None),
    ],
)
def test_normalize_kode_desa(printed: str, expected: str | None) -> None:
    assert normalize_kode_desa(printed) == expected


# --- mentions ---------------------------------------------------------------------------


def test_seed_bab_iii_names_kecamatan_jambi_selatan_kota_jambi() -> None:
    assert find_instansi_mentions(SEED_BAB_III) == ["Kecamatan Jambi Selatan"]
    (p,) = find_place_mentions(SEED_BAB_III)
    assert (p.kabupaten, p.kode_wilayah) == ("Kota Jambi", "15.71.02")


def test_seed_own_mentions_and_unqualified_ones_ignored() -> None:
    assert find_instansi_mentions(SEED_OWN) == ["Kecamatan Betara"]
    assert find_instansi_mentions(SEED_OWN + " " + SEED_BAB_III) == [
        "Kecamatan Betara",
        "Kecamatan Jambi Selatan",
    ]


def test_mentions_in_upper_case_and_abbreviated() -> None:
    text = "KANTOR CAMAT BETARA KAB. TANJUNG JABUNG BARAT; Kec. Jambi Selatan Kota Jambi"
    assert find_instansi_mentions(text) == ["Kecamatan Betara", "Kecamatan Jambi Selatan"]


@pytest.mark.skipif(not SEED_FILE.exists(), reason="shared seed not available")
def test_whole_seed_mentions() -> None:
    mentions = find_instansi_mentions(SEED_FILE.read_text(encoding="utf-8"))
    assert mentions == ["Kecamatan Betara", "Kecamatan Jambi Selatan"]
