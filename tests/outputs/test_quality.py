"""The quality summary: counts by severity and the grade rule of ``outputs.quality``."""

from __future__ import annotations

import pytest

from lkjip.outputs.quality import QUALITY_COLUMNS, grade_of, quality
from lkjip.records import ErrorItem, IkuRow, Report, ReportMeta, Warning
from tests.conftest import extracted


def _report(status: str = "ok", *, rows: int = 1, **by_severity: int) -> Report:
    warnings = [
        Warning.model_validate({"code": "X", "severity": sev, "message": "x"})
        for sev, n in by_severity.items()
        for _ in range(n)
    ]
    meta = ReportMeta.model_validate({"report_id": "r", "source_file": "r.pdf", "status": status})
    iku = [IkuRow(table_id="t01", jenis="capaian_iku", indikator=f"Indikator {k}") for k in range(rows)]
    return Report(report=meta, warnings=warnings, iku=iku)


@pytest.mark.parametrize(
    ("status", "errors", "warnings", "grade"),
    [
        ("ok", 0, 0, "A"),
        ("ok", 0, 2, "A"),
        ("ok", 0, 3, "B"),
        ("partial", 0, 9, "B"),
        ("ok", 1, 0, "C"),
        ("ok", 2, 7, "C"),
        ("ok", 3, 0, "D"),
        ("failed", 0, 0, "F"),
        ("failed", 5, 0, "F"),
    ],
)
def test_grade_rule(status: str, errors: int, warnings: int, grade: str) -> None:
    assert grade_of(status, errors, warnings) == grade


def test_info_never_lowers_the_grade() -> None:
    q = quality(_report(info=10, warning=1))
    assert q == {"n_warnings_error": 0, "n_warnings_warning": 1, "n_warnings_info": 10, "quality_grade": "A"}


def test_keys_are_the_declared_columns() -> None:
    assert list(quality(_report())) == [c for c, _ in QUALITY_COLUMNS]


@pytest.mark.parametrize(
    ("name", "grade"),
    [
        ("kec-betara-2022.pdf", "D"),  # ten contradictions
        ("kec-kramatwatu-2022.pdf", "A"),
        ("kec-waringinkurung-2023.docx", "B"),  # three ambiguous numbers, no contradiction
    ],
)
def test_fixture_grades(name: str, grade: str) -> None:
    r = extracted(name)
    q = quality(r)
    assert q["quality_grade"] == grade
    assert sum(int(q[c]) for c, t in QUALITY_COLUMNS if t == "BIGINT") == len(r.warnings)


def test_nothing_extracted_is_never_trusted() -> None:
    assert quality(_report(rows=0))["quality_grade"] == "D"
    assert quality(_report("partial", rows=0))["quality_grade"] == "D"


def test_extraction_trouble_keeps_a_report_from_grade_a() -> None:
    doubtful = _report("partial")
    doubtful.warnings.append(Warning(code="TABEL_RAGU", severity="warning", message="x", table_id="t01"))
    assert quality(doubtful)["quality_grade"] == "B"
    crashed = _report("partial")
    crashed.errors.append(ErrorItem(stage="extract", code="TABLE_UNREADABLE", message="x"))
    assert quality(crashed)["quality_grade"] == "B"
    assert quality(_report("ok", warning=1))["quality_grade"] == "A"
