"""Over the whole fixture corpus: every printed number that reads two ways carries an ANGKA_AMBIGU warning.

A cell is ambiguous when the number reader, given that cell alone, reports
another reading. The column may settle it (and the golden test checks the
value chosen is right), but the doubt must still reach the reviewer.
"""

from __future__ import annotations

import pytest

from lkjip.normalizers.numbers import read_number
from lkjip.records import Report
from tests.conftest import extracted, fixture_documents

FIELDS = {
    "iku": ("target", "realisasi", "capaian"),
    "anggaran": ("pagu", "realisasi", "persen"),
    "idm": ("nilai_idm",),
}


def _ambiguous_cells(report: Report) -> set[tuple[str | None, int, str]]:
    cells: set[tuple[str | None, int, str]] = set()
    for family in ("iku", "anggaran", "idm"):
        rows = getattr(report, family)
        for i, row in enumerate(rows):
            for name in FIELDS[family]:
                text = getattr(row, f"{name}_teks", None)
                if text and read_number(text).ambiguous:
                    cells.add((row.table_id, i, name))
    return cells


@pytest.mark.parametrize("name", fixture_documents())
def test_every_ambiguous_cell_is_flagged(name: str) -> None:
    report = extracted(name)
    flagged = {(w.table_id, w.row, w.field) for w in report.warnings if w.code == "ANGKA_AMBIGU"}
    missing = _ambiguous_cells(report) - flagged
    assert not missing, sorted(missing, key=str)[:10]


def test_the_corpus_has_ambiguous_cells_at_all() -> None:
    total = sum(len(_ambiguous_cells(extracted(n))) for n in fixture_documents())
    assert total > 0, "no ambiguous printed number in the fixtures: this test would prove nothing"
