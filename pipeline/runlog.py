"""``DATASET/lkjip.log``: what each ingest of a dataset did, one line per event, appended.

A run's start (folder, files found, files to read), a line for every report that landed (its
status, pages, tables, rows, warnings, error codes, source path), and its end: finished, with the
summary, or stopped by Ctrl-C, with what landed. Read it with ``tail -f`` during a long run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TextIO

from lkjip.records import Report

LOG_NAME = "lkjip.log"


def describe(status: str, pages: int | None, tables: int, rows: int, warnings: int, codes: list[str]) -> str:
    """One report in a few words (the log's and Prefect's lines)."""
    return (
        f"{status}, {pages or '-'} halaman, {tables} tabel, {rows} baris, {warnings} peringatan"
        + (f", galat {', '.join(codes)}" if codes else "")
    )


def report_line(report: Report, source_path: str) -> str:
    m = report.report
    rows = len(report.iku) + len(report.anggaran) + len(report.idm)
    what = describe(m.status, m.pages, len(report.tables), rows, len(report.warnings), [e.code for e in report.errors])
    return f"{m.source_file}: {what} ({source_path})"


class RunLog:
    """The log of one ingest run, line-buffered so a run killed mid-way keeps its lines."""

    def __init__(self, root: Path) -> None:
        self.path = root / LOG_NAME
        self.fh: TextIO = self.path.open("a", encoding="utf-8", buffering=1)

    def line(self, text: str) -> None:
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        self.fh.write(f"{stamp} {text}\n")

    def close(self) -> None:
        self.fh.close()
