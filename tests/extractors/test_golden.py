"""Every fixture report extracts exactly as its golden file says (cell-level F1 = 1.0).

The golden files are written by the fixture builder from the report specs
(``fixtures/specs``), never from the extractor's output.
"""

from __future__ import annotations

import pytest

from lkjip.scoring import score_report
from tests.conftest import extracted, fixture_documents, golden


@pytest.mark.parametrize("name", fixture_documents())
def test_fixture_matches_golden(name: str) -> None:
    got, want = extracted(name), golden(name)
    scores = score_report(got, want)
    misses = [m for s in scores.values() for m in s.misses]
    assert not misses, f"{len(misses)} cells differ, first: " + "\n".join(misses[:15])
    assert all(s.f1 == 1.0 for s in scores.values())


@pytest.mark.parametrize("name", fixture_documents())
def test_report_is_ok_and_has_tables(name: str) -> None:
    got = extracted(name)
    assert got.report.status == "ok", got.errors
    assert got.tables, "no table found"
    assert got.report.report_id == golden(name).report.report_id


def test_every_fixture_has_a_golden_file() -> None:
    names = fixture_documents()
    assert len(names) >= 2 * 9, names
    for n in names:
        golden(n)


_STRUKTUR = {"ruled", "aligned", "docx", "ocr_ruled", "ocr_aligned"}


@pytest.mark.parametrize("name", fixture_documents())
def test_tables_say_how_their_grid_was_found_and_are_trusted(name: str) -> None:
    """Every fixture table is read right (the golden says so), so none may be doubtful; each says how its
    grid was found, DOCX tables from the file's own grid."""
    got = extracted(name)
    for t in got.tables:
        assert t.struktur and set(t.struktur.split("+")) <= _STRUKTUR, t
        assert (t.struktur == "docx") == name.endswith(".docx"), t
        assert t.keyakinan is not None and t.keyakinan >= 0.6, (t.table_id, t.keyakinan, t.keraguan)
    assert not [w for w in got.warnings if w.code == "TABEL_RAGU"]
