"""Report metadata from covers and running text as real reports print them (issue 15, point 4).

Each case is a cover, a running header or a sentence worded like the real reports in
``../shared/real`` (the Jawa Barat LKIP/IKU/PK of 2016-2017, the Tangerang Selatan quarterly tables,
the excerpts of MANIFEST.md); the faults they name were seen on those files: junk glued to the
instansi, "Daerah" dropped, a kabupaten guessed for a provincial office, Kota read as Kabupaten, a
regulation's year or a Renstra period taken for the report's year.
"""

from __future__ import annotations

import pytest

from lkjip.extractors.model.document import Document, GridCell, TableBlock, TextBlock
from lkjip.extractors.report.metadata import Metadata, expand_short_form, extract_metadata, short_form_matches
from lkjip.extractors.report.report_year import find_tahun


def _doc(cover: list[str], body: tuple[str, ...] | list[str] = (), table: list[list[str]] | None = None) -> Document:
    blocks: list[TextBlock | TableBlock] = [TextBlock("\n".join(cover), page=1)] if cover else []
    if table is not None:
        blocks.append(TableBlock([[GridCell(c) for c in row] for row in table], [1] * len(table)))
    blocks.extend(TextBlock(text, page=3 + i) for i, text in enumerate(body))
    return Document("x.pdf", "pdf", "text_layer", 3 + len(body), blocks)


def _meta(cover: list[str], body: tuple[str, ...] | list[str] = (), table: list[list[str]] | None = None) -> Metadata:
    return extract_metadata(_doc(cover, body, table))


def _fields(md: Metadata) -> tuple[str | None, str | None, str | None, int | None]:
    return md.place.instansi, md.place.provinsi, md.place.kabupaten, md.tahun


JABAR_BODY = (
    "Kegiatan dilaksanakan di Kabupaten Bandung, Kabupaten Garut, Kota Bekasi dan Kabupaten Cianjur sesuai "
    "dengan kewenangan Pemerintah Provinsi Jawa Barat."
)


# --- provincial offices: provinsi, and no kabupaten ---------------------------------------------


@pytest.mark.parametrize(
    ("cover", "body", "want"),
    [
        (  # the cover as one line (jabar BAB_III_LAKIP_2016)
            ["Laporan Kinerja Instansi Pemerintah (LKIP) Tahun 2016",
             "Dinas Pariwisata dan Kebudayaan Provinsi Jawa Barat III - 1"],
            [JABAR_BODY],
            ("Dinas Pariwisata dan Kebudayaan Provinsi Jawa Barat", "Jawa Barat", None, 2016),
        ),
        (  # title, instansi and year on one line (the issue's own wording)
            ["LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) DINAS PERTANIAN PROVINSI JAWA BARAT TAHUN 2016"],
            [JABAR_BODY],
            ("Dinas Pertanian Provinsi Jawa Barat", "Jawa Barat", None, 2016),
        ),
        (  # "Pemerintah Provinsi ..." above the office (jabar IKU_DISTAN_2016)
            ["PEMERINTAH PROVINSI JAWA BARAT", "DINAS PERTANIAN TANAMAN PANGAN",
             "Jalan Surapati Nomor 71 Telepon (022) 2503884", "Bandung, September 2016",
             "Perihal : Indikator Kinerja Utama (IKU)"],
            ["Program ini dilaksanakan di Kabupaten Bandung."],
            ("Dinas Pertanian Tanaman Pangan Provinsi Jawa Barat", "Jawa Barat", None, 2016),
        ),
        (  # a letter-spaced running header (jabar LAMPIRAN_2_PK_2016)
            ["LKIP T A H U N 2 0 1 6", "Lampiran 2", "Perjanjian Kinerja Tahun 2016",
             "INSPEKTORAT PR O V I N S I J A W A B A R A T", "Lamp -2"],
            [],
            ("Inspektorat Provinsi Jawa Barat", "Jawa Barat", None, 2016),
        ),
        (  # "Nama Organisasi :" of an IKU (jabar 1506844017_iku_2017.docx)
            ["INDIKATOR KINERJA UTAMA", "(PENYELARASAN)",
             "\tNama Organisasi\t: \t DINAS PERHUBUNGAN PROVINSI JAWA BARAT",
             "\tTugas \t: \tmelaksanakan urusan pemerintahan di bidang perhubungan"],
            [],
            ("Dinas Perhubungan Provinsi Jawa Barat", "Jawa Barat", None, None),
        ),
        (  # the excerpt 01 running header: no "Tahun" before the year
            ["LAPORAN KINERJA SEKRETARIAT DAERAH PROVINSI SUMATERA UTARA 2021 41"],
            ["Realisasi keuangan sub kegiatan di Kabupaten Deli Serdang."],
            ("Sekretariat Daerah Provinsi Sumatera Utara", "Sumatera Utara", None, 2021),
        ),
    ],
)  # fmt: skip
def test_provincial_office_has_provinsi_and_no_kabupaten(
    cover: list[str], body: list[str], want: tuple[str | None, str | None, str | None, int | None]
) -> None:
    assert _fields(_meta(cover, body)) == want


def test_provincial_office_named_only_in_running_text_is_not_given_a_kabupaten() -> None:
    """The cover names the office alone; the running text names it with its provinsi and names one
    kabupaten, where a program ran: the provinsi is the office's, the kabupaten is not."""
    md = _meta(
        ["LAPORAN KINERJA INSTANSI PEMERINTAH", "TAHUN 2016", "DINAS SUMBER DAYA AIR"],
        ["Dinas Sumber Daya Air Provinsi Jawa Barat menyusun laporan kinerja tahun 2016. Pembangunan "
         "Bendungan dilaksanakan di Kabupaten Sumedang."],
    )  # fmt: skip
    assert _fields(md) == ("Dinas Sumber Daya Air Provinsi Jawa Barat", "Jawa Barat", None, 2016)


def test_biro_is_a_unit_of_the_sekretariat_daerah() -> None:
    """A cover printed as a picture (jabar LAKIP_2016_Update): the running header names no office, the
    text names the biro on every page and once with "Setda Provinsi Jawa Barat"."""
    md = _meta(
        ["LAPORAN KINERJA INSTANSI PEMERINTAH", "Tahun 2016", "Hal. 1"],
        ["Sesuai dengan Peraturan Daerah Nomor 20 Tahun 2008 dan Peraturan Gubernur Jawa Barat Nomor 29 Tahun "
         "2009 Biro Administrasi Pembangunan adalah sebagai salah satu unit kerja di lingkup Asisten "
         "Perekonomian dan Pembangunan pada Sekretariat Daerah Provinsi Jawa Barat. Biro Administrasi "
         "Pembangunan berkewajiban melaksanakan evaluasi.",
         "Tabel I.1 Data PNSD pada Biro Administrasi Pembangunan Setda Provinsi Jawa Barat"],
    )  # fmt: skip
    assert _fields(md) == (
        "Biro Administrasi Pembangunan Sekretariat Daerah Provinsi Jawa Barat", "Jawa Barat", None, 2016
    )
    assert md.place.jenis_instansi == "sekretariat"


def test_biro_printed_alone_takes_the_provinsi_its_page_names() -> None:
    """jabar 1506872084_2._iku_biro_keu_2016.pdf: one table page titled with the biro alone."""
    md = _meta(
        ["INDIKATOR KINERJA UTAMA (IKU) 2016", "BIRO KEUANGAN"],
        table=[["Indikator", "Kondisi Target", "Penjelasan"],
               ["Jumlah pengelola keuangan daerah di Provinsi Jawa Barat yang tertata dengan baik", "1 Provinsi", ""],
               ["PERDA APBD/APBDP Provinsi Jawa Barat", "2 Dokumen", ""]],
    )  # fmt: skip
    assert _fields(md) == ("Biro Keuangan Sekretariat Daerah Provinsi Jawa Barat", "Jawa Barat", None, 2016)


# --- junk glued on, "Daerah" dropped, short forms ----------------------------------------------


@pytest.mark.parametrize(
    ("cover", "body", "want"),
    [
        (  # the name wraps over three cover lines (jabar LKIP_2016_DPM-Desa)
            ["LAPORAN KINERJA INSTANSI PEMERINTAH", "(LKIP)", "TAHUN 2016", "BADAN PEMBERDAYAAN MASYARAKAT ",
             "DAN PEMERINTAHAN DESA", "PROVINSI JAWA BARAT"],
            [],
            "Badan Pemberdayaan Masyarakat dan Pemerintahan Desa Provinsi Jawa Barat",
        ),
        (  # "DAERAH" alone on the next line
            ["LAPORAN KINERJA INSTANSI PEMERINTAH", "TAHUN 2016", "BADAN PERENCANAAN PEMBANGUNAN", "DAERAH",
             "PROVINSI JAWA BARAT"],
            [],
            "Badan Perencanaan Pembangunan Daerah Provinsi Jawa Barat",
        ),
        (  # "Daerah" kept where printed (jabar RINGKASAN_EKSEKUTIF_LAKIP)
            ["Laporan Akuntabilitas Kinerja Instansi Pemerintah",
             "Badan Ketahanan Pangan Daerah Provinsi Jawa Barat Tahun 2016"],
            [],
            "Badan Ketahanan Pangan Daerah Provinsi Jawa Barat",
        ),
        (  # scan noise after the name (jabar 6._LKIP_2016_FULL_1, a watermarked scan)
            ["AN", "1", "Ke Dosis", "DINAS PERMUKIMAN DAN PERUMAHAN £ f", "PROVINSI JAWA BARAT le"],
            [],
            "Dinas Permukiman dan Perumahan Provinsi Jawa Barat",
        ),
        (  # a sentence goes on after the name: "... yang dibentuk ... Kabupaten Bandung"
            ["Dinas Pertanian yang dibentuk dengan Peraturan Daerah Kabupaten Bandung Nomor 12 Tahun 2016"],
            [],
            "Dinas Pertanian Kabupaten Bandung",
        ),
        (  # a short form in the running header, the full name in the text (jabar 3._LKIP_2016_Draft_)
            ["LKIP Tahun 2016 Badan Kesbangpol Prov. Jawa Barat 1"],
            ["Badan Kesatuan Bangsa dan Politik Provinsi Jawa Barat merupakan salah satu perangkat daerah."],
            "Badan Kesatuan Bangsa dan Politik Provinsi Jawa Barat",
        ),
        (  # a short form with a digit (jabar LKIP_BP3IPTEK_2016)
            ["LKIP BP3IPTEK PROVINSI JAWA BARAT TAHUN 2016 ", "i"],
            ["Satuan Polisi Pamong Praja Provinsi Jawa Barat, Badan Penelitian, Pengembangan dan Penerapan Ilmu "
             "Pengetahuan dan Teknologi atau disingkat BP3IPTEK Provinsi Jabar, dibentuk sebagai ..."],
            "Badan Penelitian Pengembangan dan Penerapan Ilmu Pengetahuan dan Teknologi Provinsi Jawa Barat",
        ),
        (  # RSUD, and "Badan Layanan Umum" is its financial status, not the reporter (jabar Narasi_LKIP)
            ["LKIP RSUD Al Ihsan Provinsi Jawa Barat TA 2016 1"],
            ["Rumah Sakit Umum Daerah Al Ihsan menerapkan Pola Pengelolaan Keuangan Badan Layanan Umum Daerah."],
            "Rumah Sakit Umum Daerah Al Ihsan Provinsi Jawa Barat",
        ),
        (  # only the body names offices: a status never wins over the office itself
            [],
            ["Pola Pengelolaan Keuangan Badan Layanan Umum (BLU) diterapkan penuh. Badan Layanan Umum BLU "
             "menerima pendapatan jasa. Rumah Sakit Umum Daerah Al Ihsan Provinsi Jawa Barat melayani pasien. "
             "Rumah Sakit Umum Daerah Al Ihsan memiliki 300 tempat tidur. Badan Layanan Umum wajib melapor."],
            "Rumah Sakit Umum Daerah Al Ihsan Provinsi Jawa Barat",
        ),
        (  # a short form before its region in capitals (jabar 1506869168_iku_bpkad_th_2017.docx)
            ["INDIKATOR KINERJA UTAMA (IKU) ", "BPKAD PROVINSI JAWA BARAT", "TAHUN 2017"],
            [],
            "Badan Pengelolaan Keuangan dan Aset Daerah Provinsi Jawa Barat",
        ),
    ],
)  # fmt: skip
def test_instansi_as_the_report_names_itself(cover: list[str], body: list[str], want: str) -> None:
    assert _meta(cover, body).place.instansi == want


def test_a_table_only_report_names_itself_in_its_group_row() -> None:
    """tangsel triwulan setda/BPBD: no cover, one table whose first group row is the office; the kota is
    the only one the tables name."""
    table = [
        ["Urusan/Program/Kegiatan", "Indikator Kinerja", "Realisasi Kinerja Pada Triwulan I -IV Tahun 2023", ""],
        ["SEKRETARIAT DAERAH", "", "26.733.044.785", "SETDA"],
        ["", "Jumlah dokumen Laporan Penyelenggaraan Pemerintahan Daerah (LPPD) Kota Tangerang Selatan", "-", ""],
        ["", "Jumlah Unit Gedung Kantor atau Bangunan Lainnya", "1", ""],
    ]
    md = _meta(["Koordinasi dan Jumlah Laporan Capaian Kinerja dan 5 4 20.796.000 SETDA"], table=table)
    assert _fields(md) == ("Sekretariat Daerah Kota Tangerang Selatan", "Banten", "Kota Tangerang Selatan", 2023)


# --- Kota vs Kabupaten ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cover", "body", "want"),
    [
        (
            ["LAPORAN KINERJA INSTANSI PEMERINTAH", "TAHUN 2022", "SEKRETARIAT DAERAH", "PEMERINTAH KOTA BEKASI"],
            ["Kerja sama dengan Kabupaten Bekasi dan Kabupaten Bekasi bidang air bersih."],
            ("Sekretariat Daerah Kota Bekasi", "Kota Bekasi"),
        ),
        (
            ["LKjIP Inspektorat Daerah Kabupaten Sampang Tahun 2019 29"],  # excerpt 02
            ["Koordinasi dengan Kota Surabaya."],
            ("Inspektorat Daerah Kabupaten Sampang", "Kabupaten Sampang"),
        ),
        (
            ["Laporan Kinerja Instansi Pemerintah (LKjIP) DPMPD Kab. Kediri Tahun 2019 I - IV 31"],  # excerpt 11
            ["Studi banding ke Kota Kediri."],
            ("Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa Kabupaten Kediri", "Kabupaten Kediri"),
        ),
        (
            ["LKjIP Kab. Wonogiri Tahun 2021"],  # excerpt 16: a kabupaten's own report
            [],
            ("Pemerintah Kabupaten Wonogiri", "Kabupaten Wonogiri"),
        ),
        (  # an apostrophe inside the name, no letter of it noise
            ["LAPORAN KINERJA INSTANSI PEMERINTAH", "TAHUN 2023", "KECAMATAN HU'U", "KABUPATEN DOMPU"],
            [],
            ("Kecamatan Hu'u", "Kabupaten Dompu"),
        ),
        (  # a wrapped cover line cut the kabupaten's name
            ["LAPORAN KINERJA INSTANSI PEMERINTAH", "TAHUN 2020", "DINAS KOMUNIKASI DAN INFORMATIKA KABUPATEN",
             "FLORES TIMUR", "PEMERINTAH KABUPATEN FLORES TIMUR"],
            [],
            ("Dinas Komunikasi dan Informatika Kabupaten Flores Timur", "Kabupaten Flores Timur"),
        ),
        (
            ["Kecamatan Gunung Kaler Kabupaten Tangerang"],  # excerpt 07
            ["Berbatasan dengan Kota Tangerang."],
            ("Kecamatan Gunung Kaler", "Kabupaten Tangerang"),
        ),
    ],
)  # fmt: skip
def test_kota_and_kabupaten_as_printed(cover: list[str], body: list[str], want: tuple[str, str]) -> None:
    md = _meta(cover, body)
    assert (md.place.instansi, md.place.kabupaten) == want


def test_no_kabupaten_guessed_among_several() -> None:
    """An office printed without its area and a text naming several kabupaten: none is chosen."""
    md = _meta(["INDIKATOR KINERJA UTAMA", "DINAS KESEHATAN"], ["Kabupaten Bandung dan Kabupaten Garut."])
    assert (md.place.instansi, md.place.kabupaten) == ("Dinas Kesehatan", None)


# --- the year -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cover", "body", "want"),
    [
        # a regulation's year printed before the report's (jabar BAB_III_LAKIP_2016)
        (["Akuntabilitas kinerja disusun sesuai Inpres Nomor 7 Tahun 1999 mengenai Akuntabilitas Kinerja",
          "Laporan Kinerja Instansi Pemerintah (LKIP) Tahun 2016"], "", 2016),
        (["Sesuai ketentuan Pasal 3 Undang-Undang No. 28 Tahun 1999 tentang Penyelenggaraan Negara",
          "LAKIP TAHUN 2016"], "", 2016),
        # "Lembaran Negara ... Tahun 2014 Nomor 80" (jabar iku_diskominfo)
        (["Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah",
          "(Lembaran Negara Republik Indonesia Tahun 2014 Nomor 80)", "INDIKATOR KINERJA UTAMA"],
         "Ditetapkan di Bandung\nBandung, 12 Mei 2015", 2015),
        # a Renstra period is no year; an IKU is in force from its signing (jabar IKU_DISTAN_2016)
        (["sampaikan Indikator Kinerja Utama (IKU) Dinas Pertanian Tanaman Pangan",
          "Provinsi Jawa Barat Tahun 2013 - 2018,", "Bandung, September 2016"], "", 2016),
        (["INDIKATOR KINERJA UTAMA"], "Bandung, 6 Januari 2016\nKEPALA BADAN", 2016),  # IKU_BPMPD_TA._2016
        # a report's publication date and a lone publication year are not its year (jabar DISNAKERTRANS)
        (["LAPORAN KINERJA INSTANSI PEMERINTAH", "TAHUN 2016", "2017"], "Bandung, Januari 2017", 2016),
        (["LAPORAN KINERJA INSTANSI PEMERINTAH"], "Bandung, Februari 2017", None),
        (["INDIKATOR KINERJA UTAMA (IKU) 2016", "BIRO KEUANGAN"], "", 2016),
        (["LKIP RSUD Al Ihsan Provinsi Jawa Barat TA 2016 1"], "", 2016),
        # a page number glued to the year in a running footer
        (["Laporan Kinerja Instansi Pemerintah Tahun 201637"], "", 2016),
        # the year of the table's title (tangsel triwulan)
        ([], "Realisasi Kinerja Pada Triwulan I -IV Tahun 2023 | Perangkat Daerah", 2023),
        # the body's "laporan ... tahun N", not the Renstra period it quotes
        ([], "Laporan kinerja tahun 2016 mengacu pada Renstra Tahun 2013-2018. Laporan kinerja tahun 2016.", 2016),
    ],
)  # fmt: skip
def test_tahun_is_the_reports_year(cover: list[str], body: str, want: int | None) -> None:
    assert find_tahun(cover, body) == want


# --- short forms ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("short", "full", "n"),
    [
        ("badan kesbangpol", "badan kesatuan bangsa dan politik provinsi", 5),
        ("bp3iptek", "badan penelitian , pengembangan dan penerapan ilmu pengetahuan dan teknologi", 10),
        ("rsud al ihsan", "rumah sakit umum daerah al ihsan", 6),
        ("bpmpd", "badan pemberdayaan masyarakat dan pemerintahan desa", 6),
        ("dinas kesehatan", "dinas kesehatan", None),  # nothing abbreviated: nothing to expand
        ("bpbd", "badan perencanaan pembangunan daerah", None),  # letters that do not spell it
    ],
)
def test_short_form_matches(short: str, full: str, n: int | None) -> None:
    assert short_form_matches(short.split(), full.split()) == n


def test_short_form_kept_when_the_text_prints_no_full_name() -> None:
    assert expand_short_form("Badan Kesbangpol Prov. Jawa Barat", "Tidak ada nama lengkap.") == (
        "Badan Kesbangpol Prov. Jawa Barat"
    )


# --- cover and header wordings of the excerpts in ../shared/real/sources (MANIFEST.md) --------------


@pytest.mark.parametrize(
    ("cover", "body", "want"),
    [
        (["Laporan Akuntabilitas Kinerja Instansi Pemerintah LAKIP Tahun 2015 BKPD Provinsi Lampung Page 11 NO "
          "PRIORITAS SASARAN 8."],  # 12
         ["Badan Ketahanan Pangan Daerah Provinsi Lampung melaksanakan urusan ketahanan pangan."],
         ("Badan Ketahanan Pangan Daerah Provinsi Lampung", "Lampung", None, 2015)),
        (["LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) Kabupaten Demak 2020"], [],  # 13
         ("Pemerintah Kabupaten Demak", "Jawa Tengah", "Kabupaten Demak", 2020)),
        (["KANTOR LINGKUNGAN HIDUP", "KABUPATEN KULON PROGO", "TAHUN 2016"], [],  # 14, as its cover would print it
         ("Kantor Lingkungan Hidup Kabupaten Kulon Progo", "Daerah Istimewa Yogyakarta", "Kabupaten Kulon Progo",
          2016)),
        (["LKjIP Pemerintah Kabupaten Tanah Datar | Tahun 2016 49 Kabupaten Tanah Datar Dari tabel 3.3.8"], [],  # 19
         ("Pemerintah Kabupaten Tanah Datar", "Sumatera Barat", "Kabupaten Tanah Datar", 2016)),
        (["LKjIP Dinas Pekerjaan Umum dan Penataan Ruang Kota Dumai", "BAB III AKUNTABILITAS KINERJA"],  # 20
         ["Tabel 3-1 Capaian Kinerja Tahun 2020 dibanding Kabupaten Bengkalis."],
         ("Dinas Pekerjaan Umum dan Penataan Ruang Kota Dumai", "Riau", "Kota Dumai", 2020)),
        (["PEMERINTAH KABUPATEN LUMAJANG", "PEMERINTAHAN UMUM", "KECAMATAN SUKODONO", "TAHUN ANGGARAN 2019"],
         [], ("Kecamatan Sukodono", "Jawa Timur", "Kabupaten Lumajang", 2019)),  # 09
    ],
)  # fmt: skip
def test_excerpt_wordings(
    cover: list[str], body: list[str], want: tuple[str | None, str | None, str | None, int | None]
) -> None:
    assert _fields(_meta(cover, body)) == want
