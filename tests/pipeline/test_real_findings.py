"""The goldens' verdicts on error-severity warnings (``findings``, issue 15): how ``score_findings`` pairs
a report's errors with them, and that the verdicts written in fixtures/real/ still describe the warnings
the checks raise on the real documents.

The documents stay in ``../shared/real/docs`` (or ``$LKJIP_REAL_DOCS``); where that folder is absent the
tests that read them are skipped and say so.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from lkjip.checks import CheckContext, load_all
from lkjip.pipeline.report import process_file
from lkjip.real_scoring import VERDICTS, RealGolden, is_real_golden, score_findings
from lkjip.records import Report
from tests.checks._helpers import budget_row, iku_row, report

ROOT = Path(__file__).resolve().parents[2]
GOLDENS = sorted(p for p in (ROOT / "fixtures" / "real").glob("*.expected.json") if is_real_golden(p))
DOCS = Path(os.environ.get("LKJIP_REAL_DOCS", ROOT.parent / "shared" / "real" / "docs"))


def _checked(rep: Report) -> Report:
    """The report with the warnings every registered check raises on it (as the pipeline runs them)."""
    warnings = [w for c in load_all() for w in c.run(CheckContext(report=rep, text=""))]
    return rep.model_copy(update={"warnings": warnings})


def _small_report() -> Report:
    """A program whose kegiatan do not add up (p5), and a capaian row printed wrong (p3)."""
    rows = [
        budget_row("program", ["I"], "Program Pelayanan Administrasi Perkantoran", 300, 250),
        budget_row("kegiatan", ["I", "1"], "Penyediaan Jasa Surat Menyurat", 100, 100),
        budget_row("kegiatan", ["I", "2"], "Penyediaan Alat Tulis Kantor", 150, 100),
    ]
    rows = [r.model_copy(update={"page": 5}) for r in rows]
    iku = [iku_row("Persentase OPD dengan nilai SAKIP B", "80", "80", "98,8").model_copy(update={"page": 3})]
    return _checked(report(anggaran=rows, iku=iku))


def _golden(findings: list[dict[str, Any]]) -> RealGolden:
    return RealGolden("x.pdf", {}, {"anggaran": [5], "iku": [3]}, [], findings)


def _codes(rep: Report) -> list[tuple[str, int | None, str | None]]:
    return [(w.code, w.page, w.field) for w in rep.warnings if w.severity == "error"]


def test_the_small_report_raises_the_errors_the_findings_judge() -> None:
    rep = _small_report()
    assert ("ANGGARAN_SUM_ANAK", 5, "pagu") in _codes(rep)
    assert ("ANGGARAN_SUM_ANAK", 5, "realisasi") in _codes(rep)
    assert ("IKU_CAPAIAN", 3, "capaian") in _codes(rep)


def test_errors_pair_with_verdicts_by_code_page_field_figure_and_label() -> None:
    rep = _small_report()
    golden = _golden(
        [
            # the program's pagu: 300 printed, its kegiatan 250 -> a true contradiction
            {"code": "ANGGARAN_SUM_ANAK", "page": 5, "label": "Program Pelayanan Administrasi Perkantoran",
             "field": "pagu", "found": 300, "verdict": "contradiction"},
            # judged false (say the reader missed a kegiatan)
            {"code": "ANGGARAN_SUM_ANAK", "page": 5, "label": "Program Pelayanan Administrasi Perkantoran",
             "field": "realisasi", "found": 250, "verdict": "false"},
            # a true contradiction on the same page no warning of that code raised
            {"code": "ANGGARAN_PERSEN", "page": 5, "label": "Penyediaan Alat Tulis Kantor", "field": "persen",
             "found": 12.5, "verdict": "contradiction"},
            # outside the data contract: matched if raised, never costs recall
            {"code": "ANGGARAN_PERSEN", "page": 5, "label": "x", "field": "persen_tw1", "found": 1,
             "verdict": "contradiction", "scored": False},
        ]
    )  # fmt: skip
    got = score_findings(rep, golden)
    s = got["ANGGARAN_SUM_ANAK"]
    assert (s.raised, s.true, s.false, s.unjudged) == (2, 1, 1, 0)
    assert (s.verified, s.caught) == (1, 1)
    assert s.precision == 0.5 and s.recall == 1.0
    p = got["ANGGARAN_PERSEN"]
    assert (p.raised, p.verified, p.caught, p.recall) == (0, 1, 0, 0.0)
    c = got["IKU_CAPAIAN"]  # raised, judged by nobody: it counts against precision
    assert (c.raised, c.true, c.unjudged, c.precision) == (1, 0, 1, 0.0)
    assert any("unjudged" in m for m in c.misses)


@pytest.mark.parametrize(
    "change",
    [{"page": 6}, {"field": "realisasi"}, {"found": 301}, {"label": "Program Peningkatan Sarana Aparatur"},
     {"code": "ANGGARAN_TOTAL"}],
    ids=["page", "field", "figure", "label", "code"],
)  # fmt: skip
def test_a_verdict_on_another_figure_does_not_pair(change: dict[str, Any]) -> None:
    base = {"code": "ANGGARAN_SUM_ANAK", "page": 5, "label": "Program Pelayanan Administrasi Perkantoran",
            "field": "pagu", "found": 300, "verdict": "contradiction"}  # fmt: skip
    s = score_findings(_small_report(), _golden([{**base, **change}])).get("ANGGARAN_SUM_ANAK")
    assert s is not None and s.true == 0 and s.unjudged == 2


def test_one_verdict_pairs_with_one_warning() -> None:
    f = {"code": "ANGGARAN_SUM_ANAK", "page": 5, "verdict": "contradiction"}  # no field, figure or label
    s = score_findings(_small_report(), _golden([f]))["ANGGARAN_SUM_ANAK"]
    assert (s.raised, s.true, s.unjudged, s.verified, s.caught) == (2, 1, 1, 1, 1)


def test_narrative_warnings_without_a_page_pair_by_their_figure() -> None:
    text = (
        "Kegiatan Pelatihan Seni Budaya, dengan alokasi anggaran sebesar Rp250.000.000,00 dan realisasi "
        "anggaran s.d Triwulan IV sebesar Rp211.205.000,00 atau 83,48%."
    )
    rep = report()
    warnings = [w for c in load_all() for w in c.run(CheckContext(report=rep, text=text))]
    errors = [w for w in warnings if w.severity == "error" and w.code == "NARASI_ANGKA"]
    assert errors and errors[0].page is None
    rep = rep.model_copy(update={"warnings": warnings})
    right = {"code": "NARASI_ANGKA", "page": 49, "label": "Pelatihan Seni Budaya", "found": 83.48,
             "verdict": "contradiction"}  # fmt: skip
    assert score_findings(rep, _golden([right]))["NARASI_ANGKA"].caught == 1
    assert score_findings(rep, _golden([{**right, "found": 84.48}]))["NARASI_ANGKA"].caught == 0


def test_goldens_findings_are_well_formed() -> None:
    for path in GOLDENS:
        d = json.loads(path.read_text(encoding="utf-8"))
        for f in d.get("findings", []):
            assert f.get("verdict") in VERDICTS, f"{path.name}: {f}"
            assert f.get("code") and f.get("why") and f.get("printed"), f"{path.name}: {f}"
            assert isinstance(f.get("page"), int | None), f"{path.name}: {f}"


# a small golden doc with both verdicts; its errors are read from the real document
REAL = "jabar-04_LKIP_BAB_III.pdf"


def test_the_verdicts_describe_the_errors_raised_on_a_real_document() -> None:
    src = DOCS / REAL
    if not src.exists():
        pytest.skip(f"the real documents are not here ({DOCS}); set LKJIP_REAL_DOCS to their folder")
    golden = RealGolden.load(ROOT / "fixtures" / "real" / f"{REAL}.expected.json")
    scores = score_findings(process_file(src), golden)
    # the printed capaian 98,8% for 80% / 80% (Tabel 3.1, p3) is a verified contradiction and is caught
    assert scores["IKU_CAPAIAN"].caught == scores["IKU_CAPAIAN"].verified >= 1
    # every error the checks raise on this document has been judged by hand
    unjudged = [m for s in scores.values() for m in s.misses if "unjudged" in m]
    assert not unjudged, f"errors nobody has judged (add a finding to {REAL}.expected.json): {unjudged}"


def test_eval_prints_each_code_with_its_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    from lkjip.pipeline.cli import _print_checks

    _print_checks(score_findings(_small_report(), _golden([
        {"code": "ANGGARAN_SUM_ANAK", "page": 5, "field": "pagu", "found": 300, "verdict": "contradiction"},
    ])))  # fmt: skip
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "ANGGARAN_SUM_ANAK" in line)
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells == ["ANGGARAN_SUM_ANAK", "2", "1", "0", "1", "0.5000", "1", "1", "1.0000"]
    assert "IKU_CAPAIAN" in out and "semua" in out
