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
