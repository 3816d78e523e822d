"""Stable keys: made of what is printed, so they survive table renumbering, reordering and re-reading."""

from __future__ import annotations

from lkjip.outputs.review_app.keys import match, rows_to_keys, tables_to_keys

ROWS = [
    {"table_id": "t01", "jenis": "capaian_iku", "page": 12, "indikator": "Nilai AKIP"},
    {"table_id": "t01", "jenis": "capaian_iku", "page": 12, "indikator": "Nilai  akip."},  # printed twice
    {"table_id": "t02", "jenis": "target_iku", "page": 9, "indikator": "Indeks Kepuasan Masyarakat"},
]


def test_keys_fold_the_label_and_count_repeats() -> None:
    keys = rows_to_keys("iku", ROWS)
    assert [k.exact for k in keys] == [
        "capaian_iku|p12|nilai akip#1", "capaian_iku|p12|nilai akip#2", "target_iku|p9|indeks kepuasan masyarakat#1",
    ]  # fmt: skip
    assert keys[0].no_page == "capaian_iku|nilai akip#1" and keys[0].no_jenis == "p12|nilai akip#1"


def test_tables_listed_in_another_order_and_renumbered_keep_their_keys() -> None:
    before = rows_to_keys("iku", ROWS)
    moved = [dict(ROWS[2], table_id="t05"), dict(ROWS[0], table_id="t07"), dict(ROWS[1], table_id="t07")]
    after = rows_to_keys("iku", moved)
    assert [match(k.levels(), after) for k in before] == [1, 2, 0]


def test_a_row_read_on_another_page_or_table_jenis_is_found_at_a_looser_level() -> None:
    stored = rows_to_keys("iku", ROWS)[2].levels()
    other_page = rows_to_keys("iku", [dict(ROWS[2], page=10)])
    other_jenis = rows_to_keys("iku", [dict(ROWS[2], jenis="perjanjian_kinerja")])
    gone = rows_to_keys("iku", [dict(ROWS[2], indikator="Indeks Kepuasan Pegawai")])
    assert match(stored, other_page) == 0 and match(stored, other_jenis) == 0
    assert match(stored, gone) is None  # orphaned


def test_tables_are_keyed_by_jenis_and_first_page() -> None:
    keys = tables_to_keys([{"jenis": "idm", "pages": [23, 24]}, {"jenis": "idm", "pages": [23]}])
    assert [k.exact for k in keys] == ["idm|p23#1", "idm|p23#2"]
