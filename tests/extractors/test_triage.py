"""Which pages the table finder sees (``extractors.read.triage``): a missed page loses rows, an extra one costs time."""

from __future__ import annotations

from lkjip.extractors.read.triage import table_candidate_pages

BUDGET_PAGE = "Program A 1.250.000.000 1.100.000.000 88,00%\nKegiatan B 500.000.000 450.000.000 90,00%"
# the middle of a quarterly realisation form: rows of indicators whose figures are all "0" and "-"
INDICATOR_ROWS = "Jumlah dokumen 0 - 0 -\nJumlah laporan 0 - 0 -\nJumlah sarana 1 - 0 -\nDINKES"
PROSE = "Pada tahun 2023 dinas melaksanakan program sesuai rencana kerja yang telah ditetapkan."


def test_a_ruled_continuation_without_amounts_stays_with_its_table() -> None:
    texts = [BUDGET_PAGE, INDICATOR_ROWS, BUDGET_PAGE]
    assert table_candidate_pages(texts, [900, 900, 900]) == {0, 1, 2}


def test_prose_and_unruled_pages_after_a_table_are_not_kept() -> None:
    assert table_candidate_pages([BUDGET_PAGE, PROSE], [900, 900]) == {0}
    assert table_candidate_pages([BUDGET_PAGE, INDICATOR_ROWS], [900, 2]) == {0}  # no rules: no ruled table goes on
    assert table_candidate_pages([PROSE, INDICATOR_ROWS], [900, 900]) == set()  # nothing to continue


def test_amounts_glued_to_rp_dot_count_as_figures() -> None:
    # "Rp.1.138.893.000": the dot after Rp is no decimal point; an unruled budget page under its caption
    page = "Tabel. 2.1 Anggaran Program Tahun 2019\nProgram A Rp.1.138.893.000\nKegiatan B Rp.540.000.000"
    assert table_candidate_pages([page], [2]) == {0}
