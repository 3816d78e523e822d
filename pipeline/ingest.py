"""Ingest a folder into a dataset: discover files, skip unchanged ones, run the flow, write.

The Prefect flow lives in ``pipeline.flows``; this module decides what to
do (discovery, the cache by content hash plus pipeline version) and writes
results as they arrive, so an interrupted run keeps every report it finished.

Crash safety: every report lands in one DuckDB transaction and the Parquet
export is atomic per file and marked current only once complete, so an
ingest killed at any moment and run again gives the dataset an uninterrupted
run gives. Identical files under several names are one report (the first
path in walk order represents it), so which copy wins never depends on
where a run was interrupted.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import signal
import stat
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lkjip import __version__
from lkjip.outputs.dataset import Dataset
from lkjip.outputs.panels import materialise_panels
from lkjip.outputs.review import write_review_safely
from lkjip.pipeline.limits import LIMIT_CODES
from lkjip.pipeline.prefect_env import stop_servers_left_by_killed_runs
from lkjip.pipeline.report import display_name, failed_report, file_sha256, path_id
from lkjip.pipeline.runlog import RunLog, report_line
from lkjip.pipeline.settings import Settings
from lkjip.records import Report

REVIEWS = "reviews"  # DATASET/reviews/<file name>.html, linked from the overview (lkjip report)


@dataclass
class IngestSummary:
    found: int = 0
    skipped_unchanged: int = 0
    duplicates: int = 0
    moved: int = 0  # unchanged files found at a new path (a moved folder): recorded, not read again
    status: Counter[str] = field(default_factory=Counter)
    reports: list[str] = field(default_factory=list)  # report ids written this run
    # seconds per stage: "plan" (discovery, hashing, the cache), "write" (reports into DuckDB), "parquet",
    # "panels", and what the runner returns (pipeline.flows.flow_stages)
    stages: dict[str, float] = field(default_factory=dict)

    def line(self) -> str:
        s = self.status
        dup = f", {self.duplicates} duplikat (isi sama dengan berkas lain)" if self.duplicates else ""
        moved = f", {self.moved} di antaranya di lokasi baru" if self.moved else ""
        return (
            f"{self.found} berkas: {s['ok']} ok, {s['partial']} sebagian, {s['failed']} gagal, "
            f"{self.skipped_unchanged} tidak berubah (dilewati{moved}){dup}"
        )


@dataclass(frozen=True)
class Problem:
    """An entry of the folder that is not a readable regular file, as a failed report to write."""

    source_path: str
    report: Report


def discover(
    root: Path, exclude: Path | None = None, patterns: list[str] | None = None
) -> tuple[list[Path], list[Problem]]:
    """Given a folder, return its regular files (recursively; symlinked folders not followed) and
    a failed report for every other entry: broken links, symlink loops, FIFOs, unreadable folders.
    Hidden files, files matching ``patterns`` and the dataset folder are left out."""
    files: list[Path] = []
    problems: list[Problem] = []
    excluded = exclude.resolve() if exclude else None

    def on_error(err: OSError) -> None:
        where = Path(str(err.filename or root))
        problems.append(
            _problem(where, "UNREADABLE", f"Folder tidak dapat dibaca ({err.strerror}); periksa izinnya.")
        )

    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error, followlinks=False):
        here = Path(dirpath)
        keep: list[str] = []
        for name in sorted(dirnames):
            p = here / name
            if name.startswith(".") or (excluded is not None and _resolved(p) == str(excluded)):
                continue
            if p.is_symlink():
                problems.append(_linked_folder(p, here))
            else:
                keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.startswith(".") or any(fnmatch.fnmatch(name, pat) for pat in patterns or []):
                continue
            p = here / name
            problem = _entry_problem(p)
            if problem is None:
                files.append(p)
            else:
                problems.append(problem)
    return files, problems


def _entry_problem(p: Path) -> Problem | None:
    try:
        mode = os.stat(p).st_mode  # follows symlinks: a link is judged by its target
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _problem(
                p,
                "SYMLINK_LOOP",
                "Tautan simbolik ini berputar (menunjuk ke dirinya sendiri); hapus tautannya.",
            )
        if p.is_symlink():
            return _problem(
                p,
                "BROKEN_LINK",
                "Tautan simbolik ini menunjuk ke berkas yang tidak ada; perbaiki atau hapus.",
            )
        return _problem(p, "UNREADABLE", f"Berkas tidak dapat dibaca ({exc.strerror}); periksa izin berkas.")
    if not stat.S_ISREG(mode):
        return _problem(
            p,
            "NOT_A_FILE",
            "Ini bukan berkas biasa (FIFO, soket, atau perangkat); pindahkan laporannya sebagai berkas biasa.",
        )
    return None


def _linked_folder(p: Path, here: Path) -> Problem:
    target = os.path.realpath(p)
    inside = os.path.realpath(here)
    if inside == target or inside.startswith(target.rstrip(os.sep) + os.sep):
        return _problem(
            p, "SYMLINK_LOOP",
            "Tautan simbolik ini menunjuk ke folder di atasnya sendiri (putaran) dan tidak diikuti; hapus tautannya.",
        )  # fmt: skip
    return _problem(
        p, "SYMLINK_DIR",
        f"Tautan simbolik ke folder tidak diikuti; jalankan ingest pada folder tujuannya ({display_name(target)}) "
        "bila isinya perlu diproses.",
    )  # fmt: skip


def _problem(p: Path, code: str, message: str) -> Problem:
    """A failed report for an entry whose bytes cannot be read: its id hashes the path instead."""
    source = display_name(os.path.abspath(p))
    return Problem(source, failed_report(display_name(p.name), path_id(p), "read", code, message))


def _resolved(p: Path) -> str:
    try:
        return str(p.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python 3.11)
        return os.path.abspath(p)


def source_key(p: Path) -> str:
    """The source_path a file is stored under: its resolved path as valid UTF-8."""
    return display_name(_resolved(p))


@dataclass
class Plan:
    todo: list[Path] = field(default_factory=list)
    skipped: int = 0
    duplicates: int = 0
    unreadable: list[Problem] = field(default_factory=list)
    moved: list[tuple[str, str]] = field(default_factory=list)  # (report_id, new source_path) of skipped files


def plan(files: list[Path], ds: Dataset, force: bool = False) -> Plan:
    """Files the dataset does not hold yet, by content hash and pipeline version; unchanged and
    duplicate files (same bytes as an earlier file of the list) are counted, not processed.

    The cache is keyed by content, not by path: a file moved (its folder moved, renamed or mounted
    elsewhere) under the same name is not read again, only its new path recorded. A file renamed
    is read again, since its name is part of its report (``source_file``, the review page's name).
    ``force`` reads every file again."""
    ingested = ds.ingested()
    out = Plan()
    seen: set[str] = set()
    for p in files:
        try:
            digest = file_sha256(p)
        except OSError as exc:
            out.unreadable.append(
                _problem(p, "UNREADABLE", f"Berkas tidak dapat dibaca ({exc.strerror}); periksa izin berkas.")
            )
            continue
        if digest in seen:
            out.duplicates += 1
            continue
        seen.add(digest)
        before = ingested.get(digest)
        if (
            not force
            and before is not None
            and before.pipeline_version == __version__
            and before.source_file == display_name(p.name)
        ):
            out.skipped += 1
            if before.source_path != source_key(p):
                out.moved.append((digest, source_key(p)))
        else:
            out.todo.append(p)
    return out


Runner = Callable[[list[Path], Settings, Callable[[Path, Report], None]], dict[str, float] | None]


def ingest(
    root: Path,
    out: Path,
    settings: Settings,
    run: Runner,
    on_start: Callable[[int], None] | None = None,
    exclude: list[str] | None = None,
    force: bool = False,
) -> IngestSummary:
    """Ingest ``root`` into the dataset at ``out`` using ``run`` (the flow) for the files that changed
    (every file with ``force``).

    ``run`` may return the seconds of its stages; they land in ``summary.stages``."""
    t0, cpu0 = time.monotonic(), _cpu()
    out.mkdir(parents=True, exist_ok=True)
    summary = IngestSummary()
    stages = summary.stages
    ds = Dataset.create(out)
    log = RunLog(out)
    log.line(f"mulai: {display_name(os.path.abspath(root))}")
    pending: list[int] = [0]  # files still to read
    # An ingest of this dataset killed earlier may have left its Prefect server running; with the
    # dataset's write lock held no live ingest can own it. Done on every run, work or not.
    stop_servers_left_by_killed_runs()
    try:
        files, problems = discover(root, exclude=out, patterns=exclude)
        summary.found = len(files) + len(problems)
        todo = plan(files, ds, force=force)
        summary.skipped_unchanged, summary.duplicates = todo.skipped, todo.duplicates
        for report_id, source_path in todo.moved:
            ds.move_report(report_id, source_path)
        summary.moved = len(todo.moved)
        known = ds.known()
        for prob in [*problems, *todo.unreadable]:
            rep = prob.report
            if not force and known.get(prob.source_path) == (rep.report.report_id, rep.report.pipeline_version):
                summary.skipped_unchanged += 1  # the same problem as last time: nothing to rewrite
                continue
            _write(ds, rep, prob.source_path)
            summary.status[rep.report.status] += 1
            summary.reports.append(rep.report.report_id)
        pending[0] = len(todo.todo)
        log.line(
            f"{summary.found} berkas ditemukan: {len(todo.todo)} dibaca, {summary.skipped_unchanged} tidak berubah"
            f" (dilewati), {summary.duplicates} duplikat"
        )
        if on_start:
            on_start(len(todo.todo))
        stages["plan"] = time.monotonic() - t0
        stages["write"] = 0.0

        def write(path: Path, report: Report) -> None:
            w0 = time.monotonic()
            key = source_key(path)
            _write(ds, report, key)
            stages["write"] += time.monotonic() - w0
            summary.status[report.report.status] += 1
            summary.reports.append(report.report.report_id)
            pending[0] -= 1
            log.line(report_line(report, key))

        if todo.todo:
            stages.update(
                # absolute: the workers (a Dask worker) may run in another folder
                run(todo.todo, settings.model_copy(update={"review_dir": str(out.absolute() / REVIEWS)}), write)
                or {}
            )
        t1 = time.monotonic()
        if not ds.parquet_is_current():
            ds.export_parquet()
        t2 = time.monotonic()
        materialise_panels(ds, force=bool(summary.reports))
        stages["parquet"], stages["panels"] = t2 - t1, time.monotonic() - t2
        stages["cpu"] = _cpu() - cpu0  # this process's CPU seconds, all its threads (not the workers')
        log.line(f"selesai: {summary.line()}")
    except KeyboardInterrupt:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the closing short
        stopped = Interrupted(summary, pending[0])
        log.line(f"dihentikan (Ctrl-C): {stopped.line()}")
        raise stopped from None
    finally:
        ds.close()
        log.close()
    return summary


class Interrupted(KeyboardInterrupt):
    """An ingest stopped by Ctrl-C (SIGINT): every report written so far is whole and stays; the
    next run of the same command reads only what is missing."""

    def __init__(self, summary: IngestSummary, pending: int) -> None:
        super().__init__()
        self.summary = summary
        self.pending = pending

    def line(self) -> str:
        s = self.summary.status
        landed = sum(s.values())
        return (
            f"{landed} laporan masuk ke dataset pada proses ini ({s['ok']} ok, {s['partial']} sebagian, "
            f"{s['failed']} gagal), {self.pending} berkas belum dibaca"
        )


def _cpu() -> float:
    t = os.times()
    return t.user + t.system


def _write(ds: Dataset, report: Report, source_path: str) -> None:
    """Write one report; a report the dataset refuses becomes a failed one, never a stopped batch."""
    if report.report.status == "failed" and any(e.code in LIMIT_CODES for e in report.errors):
        report.report.pipeline_version = (
            None  # failed on a limit: the next run (maybe with higher limits) retries
        )
    if report.report.status == "failed":
        # no worker made its page (stopped on a limit, or never read): a failed report's page is quick
        write_review_safely(report, Path(source_path), ds.root / REVIEWS)
    try:
        ds.write_report(report, source_path)
    except Exception as exc:
        message = (
            f"Hasil berkas ini tidak dapat disimpan ke dataset ({type(exc).__name__}: {exc}); "
            "laporkan berkasnya ke pengembang lkjip."
        )
        meta = report.report
        ds.write_report(
            failed_report(
                meta.source_file, meta.report_id, "write", "WRITE_FAILED", message, pipeline_version=None
            ),
            source_path,
        )
