"""A report's quality summary: its warnings counted by severity, and a grade.

The grade says how far a report can be trusted as printed:

- **F**: the file could not be processed (report status "failed");
- **D**: nothing was extracted (no IKU, budget or IDM row): an empty reading is never trusted;
- **A**: no error-severity warning, at most 2 warning-severity ones, and no extraction trouble (a
  pipeline error, a located table read as nothing, ``TABEL_KOSONG``, or doubtfully, ``TABEL_RAGU``);
- **B**: no error-severity warning (more than 2 warnings, or extraction trouble);
- **C**: 1 or 2 error-severity warnings (figures that cannot both be right);
- **D**: 3 or more error-severity warnings.

Info-severity warnings never lower the grade. The summary is data for the dataset's ``reports`` table: the keys
of ``quality`` are the column names of ``QUALITY_COLUMNS``.
"""

from __future__ import annotations

from typing import Final, Literal

from lkjip.records import Report

Grade = Literal["A", "B", "C", "D", "F"]

#: Most warning-severity warnings a grade-A report may carry.
A_MAX_WARNINGS: Final[int] = 2
#: Most error-severity warnings a grade-C report may carry.
C_MAX_ERRORS: Final[int] = 2

#: (column, DuckDB type) of the quality summary, in the order ``quality`` returns them.
QUALITY_COLUMNS: Final[list[tuple[str, str]]] = [
    ("n_warnings_error", "BIGINT"),
    ("n_warnings_warning", "BIGINT"),
    ("n_warnings_info", "BIGINT"),
    ("quality_grade", "VARCHAR"),
]


#: Warnings that say the extraction itself is in doubt, whatever the report's figures say.
TROUBLE_CODES: Final[frozenset[str]] = frozenset({"TABEL_KOSONG", "TABEL_RAGU"})


def grade_of(status: str, n_error: int, n_warning: int, trouble: int = 0, extracted: bool = True) -> Grade:
    """Given a report status, its error/warning-severity counts, its extraction trouble (pipeline errors,
    tables read as nothing or doubtfully) and whether any row was extracted, return its grade."""
    if status == "failed":
        return "F"
    if not extracted:
        return "D"
    if n_error == 0:
        return "A" if n_warning <= A_MAX_WARNINGS and trouble == 0 else "B"
    return "C" if n_error <= C_MAX_ERRORS else "D"


def quality(report: Report) -> dict[str, int | str]:
    """Given a report, return its warnings counted by severity and its grade (keys: ``QUALITY_COLUMNS``)."""
    counts = {"error": 0, "warning": 0, "info": 0}
    for w in report.warnings:
        counts[w.severity] = counts.get(w.severity, 0) + 1
    return {
        "n_warnings_error": counts["error"],
        "n_warnings_warning": counts["warning"],
        "n_warnings_info": counts["info"],
        "quality_grade": grade_of(
            report.report.status,
            counts["error"],
            counts["warning"],
            trouble=len(report.errors) + sum(w.code in TROUBLE_CODES for w in report.warnings),
            extracted=bool(report.iku or report.anggaran or report.idm),
        ),
    }
