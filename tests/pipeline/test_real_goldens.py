"""The real-report goldens (fixtures/real/, written by hand from the rendered pages): the scorer itself,
and a floor under the pipeline's cell F1 on the real documents.

The documents stay in ``../shared/real/docs`` (or ``$LKJIP_REAL_DOCS``), never in the repository;
where that folder is absent the floor test is skipped and says so. The floors sit a little below the
figures measured with ``lkjip eval fixtures/real --docs ../shared/real/docs`` (README, "Real reports"),
so the test stops a change that reads real reports worse; raise them as the figures rise.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lkjip.pipeline.report import process_file
from lkjip.real_scoring import (
    FAMILY_FIELDS,
    CheckScore,
    RealGolden,
    is_real_golden,
    score_findings,
    score_real,
)
from lkjip.records import AnggaranRow, IkuRow, Report, ReportMeta
from lkjip.scoring import Score

ROOT = Path(__file__).resolve().parents[2]
GOLDENS = sorted(p for p in (ROOT / "fixtures" / "real").glob("*.expected.json") if is_real_golden(p))
DOCS = Path(os.environ.get("LKJIP_REAL_DOCS", ROOT.parent / "shared" / "real" / "docs"))
FLOORS = {"iku": 0.79, "anggaran": 0.89, "report": 0.98}  # measured 2026-12-08 (h-* merged): 0.806 / 0.903 / 1.000
# error-severity warnings against the goldens' findings, all codes together (issue 15 asks 0.97 / 0.95):
# measured 2026-12-07: precision 43/65 = 0.662, recall 43/53 = 0.811 before the checks asked for evidence;
# after: 42/43 = 0.977, 42/53 = 0.792; with the recall rules (h-find, 2026-12-07): 48/48 = 1.000, 48/54 =
# 0.889. An error nobody has judged counts against precision: judge it (a finding in its golden) rather
# than lower the floor.
ERROR_FLOORS = {"precision": 0.98, "recall": 0.87}


def test_there_are_goldens_for_at_least_twelve_real_files() -> None:
    with_tables = {RealGolden.load(p).source_file for p in GOLDENS if RealGolden.load(p).tables}
    assert len(with_tables) >= 12
    for p in GOLDENS:  # a golden without tables says its checked pages hold none (nothing may be read there)
        assert RealGolden.load(p).checked_pages, f"{p.name}: no checked pages"


def _fields(row: dict[str, object], model: type[IkuRow] | type[AnggaranRow]) -> dict[str, object]:
    # goldens may state more than the contract holds (the quarters of a quarterly realisation)
    return {k: v for k, v in row.items() if k in model.model_fields}


def _as_report(golden: RealGolden) -> Report:
    """The golden's own rows as an extraction (a perfect reader)."""
    iku = [IkuRow(table_id="t", jenis=t["jenis"], **_fields(r, IkuRow))
           for t in golden.tables if t["family"] == "iku" for r in t["rows"]]  # fmt: skip
    ang = [AnggaranRow(table_id="t", jenis=t["jenis"], **_fields(r, AnggaranRow))
           for t in golden.tables if t["family"] == "anggaran" for r in t["rows"]]  # fmt: skip
    meta = ReportMeta(report_id="x", source_file=golden.source_file, **golden.report)
    return Report(report=meta, iku=iku, anggaran=ang)


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.name.removesuffix(".expected.json")[:40])
def test_scorer_gives_a_perfect_reader_one_and_an_empty_one_zero(path: Path) -> None:
    golden = RealGolden.load(path)
    perfect = score_real(_as_report(golden), golden)
    for fam, s in perfect.families.items():
        assert s.fn == 0 and s.fp == 0, f"{fam}: {s.misses[:3]}"
    assert perfect.tables_unread == 0
    empty = score_real(Report(report=ReportMeta(report_id="x", source_file=golden.source_file)), golden)
    assert all(s.tp == 0 for s in empty.families.values())
    assert empty.tables_unread == sum(1 for t in golden.tables if t.get("family") in FAMILY_FIELDS and t.get("rows"))


def test_a_misread_figure_costs_its_cell() -> None:
    golden = RealGolden.load(next(p for p in GOLDENS if RealGolden.load(p).rows("anggaran")))
    report = _as_report(golden)
    row = next(r for r in report.anggaran if r.pagu is not None and r.page in golden.checked_pages["anggaran"])
    row.pagu = (row.pagu or 0) * 10  # a dropped thousands separator
    s = score_real(report, golden).families["anggaran"]
    assert s.fn == 1 and s.fp == 1


def test_real_reports_keep_their_floor() -> None:
    if not DOCS.is_dir():
        pytest.skip(f"the real documents are not here ({DOCS}); set LKJIP_REAL_DOCS to their folder")
    totals: dict[str, Score] = {"iku": Score(), "anggaran": Score(), "report": Score()}
    errors = CheckScore()
    missing = []
    for path in GOLDENS:
        golden = RealGolden.load(path)
        src = DOCS / golden.source_file
        if not src.exists():
            missing.append(golden.source_file)
            continue
        got = process_file(src)
        result = score_real(got, golden)
        for fam, s in result.families.items():
            totals[fam].add(s)
        totals["report"].add(result.report)
        for cs in score_findings(got, golden).values():
            errors.add(cs)
    assert not missing, f"real documents missing from {DOCS}: {missing}"
    got = {fam: round(s.f1, 4) for fam, s in totals.items()}
    low = {fam: f1 for fam, f1 in got.items() if f1 < FLOORS[fam]}
    assert not low, f"F1 on the real goldens below the floor {FLOORS}: {got}"
    checks = {"precision": round(errors.precision, 4), "recall": round(errors.recall, 4)}
    low_checks = {k: v for k, v in checks.items() if v < ERROR_FLOORS[k]}
    assert not low_checks, (
        f"error warnings on the real goldens below the floor {ERROR_FLOORS}: {checks}; "
        + "; ".join(errors.misses[:12])
    )
