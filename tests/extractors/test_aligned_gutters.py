"""Columns of an unruled table from its words' alignment (``structure.aligned_grid``): group rows run across
the table and columns the body leaves blank must not merge columns."""

from __future__ import annotations

from lkjip.extractors.structure.aligned_grid import aligned_block

Word = dict[str, object]


def _words(text: str, x0: float, top: float) -> list[Word]:
    out: list[Word] = []
    x = x0
    for t in text.split():
        w = 4.0 * len(t)
        out.append({"text": t, "x0": x, "x1": x + w, "top": top, "bottom": top + 7.0})
        x += w + 2.0
    return out


def _grid(words: list[Word], rules: tuple[float, ...] = ()) -> list[list[str]]:
    block = aligned_block(words, (60.0, 0.0, 540.0, 400.0), rules, 1)
    assert block is not None
    return [[c.text for c in row] for row in block.rows]


def test_sasaran_rows_across_a_short_table_keep_the_number_column_apart() -> None:
    # two group rows in seven lines: more than may cross a gutter, yet they start left of every row
    words = [*_words("No.", 73, 10), *_words("Indikator Kinerja", 200, 10), *_words("Target", 470, 10)]
    words += _words("Sasaran Strategis 1 : Meningkatnya ketertiban umum", 65, 30)
    words += [*_words("1", 77, 50), *_words("Persentase gangguan yang ditindaklanjuti", 97, 50), *_words("100%", 480, 50)]
    words += _words("Sasaran Strategis 2 : Meningkatnya akuntabilitas kinerja", 65, 70)
    for k, (label, fig) in enumerate([("Jumlah dokumen perencanaan", "5"), ("Persentase dokumen tepat", "76 %"),
                                      ("Persentase temuan ditindaklanjuti", "76,10%")]):  # fmt: skip
        top = 90.0 + 20 * k
        words += [*_words(str(k + 2), 77, top), *_words(label, 97, top), *_words(fig, 480, top)]
    rows = _grid(words, (25.0, 45.0, 65.0, 85.0, 105.0, 125.0, 145.0))  # rules between the rows
    assert rows[0] == ["No.", "Indikator Kinerja", "Target"]
    assert ["1", "Persentase gangguan yang ditindaklanjuti", "100%"] in rows
    assert ["4", "Persentase temuan ditindaklanjuti", "76,10%"] in rows


def test_a_column_the_body_leaves_blank_keeps_its_header() -> None:
    words = [*_words("Kode", 75, 10), *_words("Program", 200, 10), *_words("Pagu", 402, 10),
             *_words("Sumber Dana", 485, 10)]  # fmt: skip
    for k, (code, label, amount) in enumerate([("1", "Program Pelayanan Administrasi", "636,117,000"),
                                               ("2", "Program Peningkatan Sarana", "432,000,000"),
                                               ("3", "Program Partisipasi Masyarakat", "624,577,000")]):  # fmt: skip
        top = 30.0 + 20 * k
        words += [*_words(code, 65, top), *_words(label, 107, top), *_words(amount, 430, top)]
    rows = _grid(words)
    assert rows[0] == ["Kode", "Program", "Pagu", "Sumber Dana"]
    assert rows[1] == ["1", "Program Pelayanan Administrasi", "636,117,000", ""]


def test_a_blank_column_beyond_a_header_overhang_keeps_its_header() -> None:
    # "Sumber Dana" overhangs its values; "Keterangan" is printed in a few rows only
    words = [*_words("No", 65, 10), *_words("Uraian", 120, 10), *_words("Pagu", 300, 10),
             *_words("Sumber", 440, 10), *_words("Keterangan", 489, 10)]  # fmt: skip
    for k in range(20):
        top = 30.0 + 20 * k
        words += [*_words(str(k + 1), 65, top), *_words(f"Kegiatan nomor {k + 1}", 120, top),
                  *_words("1.000.000", 300, top), *_words("DAK", 448, top)]  # fmt: skip
        if k == 3:
            words += _words("Terlaksana", 489, top)
    rows = _grid(words)
    assert rows[0] == ["No", "Uraian", "Pagu", "Sumber", "Keterangan"]


def test_a_sasaran_set_apart_between_two_unruled_rows_is_a_row_of_its_own() -> None:
    words = [*_words("Indikator Kinerja", 65, 10), *_words("Target", 400, 10), *_words("Realisasi", 460, 10)]
    rows_at = [(30.0, "Persentase desa berstatus Mandiri", "95", "97"), (45.0, "Jumlah BUMDes aktif", "106", "120"),
               (77.0, "Persentase dokumen tepat waktu", "90", "100"), (92.0, "Indeks kepuasan layanan", "77", "78")]  # fmt: skip
    for top, label, target, real in rows_at:
        words += [*_words(label, 65, top), *_words(target, 400, top), *_words(real, 460, top)]
    words += _words("Meningkatnya akuntabilitas kinerja dan kualitas pelayanan publik", 65, 61)  # 9 pt apart each side
    rows = _grid(words)
    sasaran = "Meningkatnya akuntabilitas kinerja dan kualitas pelayanan publik"
    assert [sasaran] * 3 in rows
    assert ["Jumlah BUMDes aktif", "106", "120"] in rows
