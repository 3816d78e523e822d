"""Ingest a folder into a dataset: discover files, skip unchanged ones, run the flow, write.

The Prefect flow lives in ``pipeline.flows``; this module decides what to
do (discovery, the cache by content hash plus pipeline version) and writes
results as they arrive, so an interrupted run keeps every report it finished.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lkjip import __version__
from lkjip.records import Report
from outputs.dataset import Dataset
from pipeline.report import failed_report, file_sha256
from pipeline.settings import Settings


@dataclass
class IngestSummary:
    found: int = 0
    skipped_unchanged: int = 0
    status: Counter[str] = field(default_factory=Counter)
    reports: list[str] = field(default_factory=list)  # report ids written this run

    def line(self) -> str:
        s = self.status
        return (
            f"{self.found} berkas: {s['ok']} ok, {s['partial']} sebagian, {s['failed']} gagal, "
            f"{self.skipped_unchanged} tidak berubah (dilewati)"
        )


def discover(
    root: Path, exclude: Path | None = None, patterns: list[str] | None = None
) -> tuple[list[Path], list[Report]]:
    """Given a folder, return its files (recursively, symlinked folders not followed) and
    failed reports for entries that cannot be visited. Hidden files and the dataset folder are left out."""
    files: list[Path] = []
    problems: list[Report] = []
    excluded = exclude.resolve() if exclude else None

    def on_error(err: OSError) -> None:
        name = str(err.filename or root)
        problems.append(_failed(name, "UNREADABLE", f"Folder tidak dapat dibaca: {err.strerror}."))

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and (excluded is None or (here / d).resolve() != excluded)
        )
        for name in sorted(filenames):
            if name.startswith(".") or any(fnmatch.fnmatch(name, pat) for pat in patterns or []):
                continue
            p = here / name
            if p.is_symlink() and not p.exists():
                problems.append(_failed(str(p), "BROKEN_LINK", "Tautan simbolik ini menunjuk ke berkas yang tidak ada."))
                continue
            files.append(p)
    return files, problems


def _failed(source: str, code: str, message: str) -> Report:
    """A failed report for an entry whose bytes cannot be read: its id hashes the path instead."""
    rid = hashlib.sha256(f"unreadable:{source}".encode()).hexdigest()
    return failed_report(Path(source).name, rid, "read", code, message)


def plan(files: list[Path], ds: Dataset) -> tuple[list[Path], int, list[Report]]:
    """Files whose content or pipeline version changed since they were ingested, and how many were skipped."""
    known = ds.known()
    todo: list[Path] = []
    skipped = 0
    unreadable: list[Report] = []
    for p in files:
        key = str(p.resolve())
        try:
            digest = file_sha256(p)
        except OSError as exc:
            unreadable.append(_failed(key, "UNREADABLE", f"Berkas tidak dapat dibaca: {exc.strerror}. Periksa izin berkas."))
            continue
        if known.get(key) == (digest, __version__):
            skipped += 1
        else:
            todo.append(p)
    return todo, skipped, unreadable


def ingest(
    root: Path,
    out: Path,
    settings: Settings,
    run: Callable[[list[Path], Settings, Callable[[Path, Report], None]], None],
    on_start: Callable[[int], None] | None = None,
    exclude: list[str] | None = None,
) -> IngestSummary:
    """Ingest ``root`` into the dataset at ``out`` using ``run`` (the flow) for the files that changed."""
    out.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    ds = Dataset.create(out)
    try:
        files, problems = discover(root, exclude=out, patterns=exclude)
        summary.found = len(files) + len(problems)
        todo, summary.skipped_unchanged, unreadable = plan(files, ds)
        for rep in [*problems, *unreadable]:
            ds.write_report(rep, rep.report.source_file)
            summary.status[rep.report.status] += 1
            summary.reports.append(rep.report.report_id)
        if on_start:
            on_start(len(todo))

        def write(path: Path, report: Report) -> None:
            ds.write_report(report, str(path.resolve()))
            summary.status[report.report.status] += 1
            summary.reports.append(report.report.report_id)

        if todo:
            run(todo, settings, write)
        if todo or problems or unreadable or not (out / "parquet").exists():
            ds.export_parquet()
    finally:
        ds.close()
    return summary
