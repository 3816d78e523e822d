"""Per-file limits enforced from outside the parsers: each document is read in a child process.

A parser stuck in a loop cannot be interrupted from a thread, and a bomb that
inflates memory cannot be stopped from inside; a child process can be killed.
The parent waits with a deadline that grows with the document (``Settings.time_limit``:
``file_seconds`` plus ``page_seconds`` for each page the worker counts as it takes
the file, never past ``timeout_seconds``), names on stderr a document still read
after ``SLOW_NOTICE_SECONDS``, watches the child's
resident memory (``max_memory_mb``), and turns a kill into a failed report
(``TIMEOUT``, ``MEMORY_LIMIT``), or ``WORKER_CRASHED`` when the child dies by
itself (a native crash). The child leads its own process group, so whatever it
starts (LibreOffice, Tesseract) goes down with it, and it dies with its parent.

Workers are reused: a child that finished a document within the limits takes
the next one (a batch pays the start and the first-use warm-up of the
pipeline's lazy loads once per worker, not once per document). The limits
still hold per document: the deadline starts with each document, the memory
watch reads the worker's resident memory, and the worker resets its peak
(``/proc/self/clear_refs``) before each document, so the peak reported is that
document's. A worker stopped on a limit, or that crashed, is never reused; a
worker retires after ``MAX_DOCUMENTS_PER_WORKER`` documents or when it keeps
more than ``RETIRE_RSS_MB`` after one, and exits by itself after
``IDLE_SECONDS`` without work.

Start method: "fork" when this process runs a single Python thread (``lkjip
extract``: a fork costs milliseconds and every module is already loaded; the
idle native pools of OpenBLAS and OpenCV survive a fork), otherwise
"forkserver" with the pipeline preloaded, since forking while other Python
threads hold locks (Prefect runs several) can deadlock the child.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import multiprocessing as mp
import multiprocessing.util  # registers its exit handler before ours: ours (LIFO) runs first
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from lkjip.extractors.read.budget import StepTimeout, step_budget
from lkjip.pipeline.report import add_review_page, display_name, failed_report, file_sha256, process_file
from lkjip.pipeline.settings import Settings
from lkjip.pipeline.worker_io import captured_stderr, library_noise_warning, pdf_page_count
from lkjip.records import Format, Report

POLL_SECONDS = 0.05
# codes of failures that depend on the limits, not on the file alone: ingest tries these files again
LIMIT_CODES = frozenset({"TIMEOUT", "MEMORY_LIMIT", "TOO_MANY_PAGES", "TOO_LARGE", "WORKER_CRASHED"})
_PR_SET_PDEATHSIG = 1
MAX_DOCUMENTS_PER_WORKER = 100
RETIRE_RSS_MB = 1024  # a worker holding more than this (or half the memory limit) after a document retires
IDLE_SECONDS = 60.0


@dataclass(frozen=True)
class Usage:
    """What reading one document cost: wall seconds, the child's peak resident memory, and the
    seconds of each stage (``start``: until a worker held the document, a new worker's start
    included; ``extract``: reading to checks; ``review``: the review page; ``result``: the report
    to JSON and back to this process)."""

    seconds: float
    peak_rss_mb: float
    stages: dict[str, float] = field(default_factory=dict)


def process_file_limited(
    path: Path, settings: Settings | None = None, source_file: str | None = None
) -> Report:
    """Given a report file, return its Report, read in a child process under the settings' limits."""
    return run_limited(path, settings or Settings(), source_file)[0]


def run_limited(path: Path, settings: Settings, source_file: str | None = None) -> tuple[Report, Usage]:
    """Given a report file, return its Report and what reading it cost; never raises for a bad file."""
    report_json, report, usage = _run(path, settings, source_file)
    if report is None:
        t0 = time.monotonic()
        report = Report.from_json(report_json)
        usage.stages["result"] = usage.stages.get("result", 0.0) + time.monotonic() - t0
    return report, usage


def run_limited_json(path: Path, settings: Settings, source_file: str | None = None) -> tuple[str, Usage]:
    """``run_limited`` with the report as the worker's JSON (not parsed here: the writer parses it once)."""
    report_json, report, usage = _run(path, settings, source_file)
    return (report.to_json(indent=None) if report is not None else report_json), usage


def _run(path: Path, settings: Settings, source_file: str | None) -> tuple[str, Report | None, Usage]:
    """One document in a worker: (its JSON, None) or ("", a failed report), and the Usage."""
    started = time.monotonic()
    outcome: tuple[str, Report | None, Usage] | _Lost = _LOST
    for attempt in range(2):
        worker = _POOL.take()
        try:
            worker.conn.send((str(path), settings.model_dump_json(), source_file))
        except OSError:  # the worker left (idle timeout) as the document was sent: another one takes it
            _POOL.discard(worker)
            continue
        outcome = _watch(worker, path, settings, source_file, started)
        if outcome is not _LOST or attempt:
            break
    if outcome is _LOST:
        outcome = _crashed(worker, path, source_file, started, 0)
    assert isinstance(outcome, tuple)
    return outcome


class _Lost:
    """The worker ended before it took the document (it was leaving): the document is sent again."""


_LOST = _Lost()


def _watch(
    worker: _Worker, path: Path, settings: Settings, source_file: str | None, started: float
) -> tuple[str, Report | None, Usage] | _Lost:
    limit = settings.time_limit(None)  # until the worker has counted the document's pages
    pages: int | None = None
    notice = started + SLOW_NOTICE_SECONDS
    peak_kb = 0
    got: float | None = None
    while True:
        if worker.conn.poll(POLL_SECONDS):
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):  # the worker died
                break
            if message[0] == "got":
                got = message[1]
                continue
            if message[0] == "pages":
                pages = message[1]
                limit = settings.time_limit(pages)
                continue
            _, report_json, child_peak_kb, times = message
            received = time.monotonic()
            stages = {
                "start": (got or started) - started,
                "extract": times["extract"],
                "review": times["review"],
                "result": received - times["reviewed"],
            }
            _POOL.give(worker, child_peak_kb, settings)
            return report_json, None, Usage(received - started, max(peak_kb, child_peak_kb) / 1024, stages)
        rss_kb, hwm_kb = _memory_kb(worker.proc.pid)
        if got is not None:
            peak_kb = max(peak_kb, hwm_kb)
        if rss_kb > settings.max_memory_mb * 1024:
            _POOL.discard(worker, kill=True)
            return "", _limit_report(path, settings, source_file, "MEMORY_LIMIT", pages), _usage(started, peak_kb)
        now = time.monotonic()
        if now > started + limit:
            _POOL.discard(worker, kill=True)
            return "", _limit_report(path, settings, source_file, "TIMEOUT", pages), _usage(started, peak_kb)
        if now > notice:
            slow_notice(display_name(source_file or path.name), now - started, limit, pages)
            notice = now + SLOW_NOTICE_SECONDS
        if not worker.proc.is_alive() and not worker.conn.poll(0):
            break
    if got is None:
        _POOL.discard(worker, kill=True)
        return _LOST
    return _crashed(worker, path, source_file, started, peak_kb)


SLOW_NOTICE_SECONDS = 60.0  # a document still read after this long is named on stderr, and again as often


def slow_notice(name: str, seconds: float, limit: float, pages: int | None) -> None:
    """Say on stderr which document is slow (a progress bar prints it above itself)."""
    size = f", {pages} halaman" if pages else ""
    sys.stderr.write(f"lkjip: {name} masih dibaca ({seconds:.0f} dari batas {limit:.0f} detik{size})\n")
    sys.stderr.flush()


def _crashed(
    worker: _Worker, path: Path, source_file: str | None, started: float, peak_kb: int
) -> tuple[str, Report, Usage]:
    _POOL.discard(worker, kill=True)
    code = worker.proc.exitcode
    how = (
        f"dihentikan sinyal {signal.Signals(-code).name}"
        if code and code < 0
        else f"keluar dengan kode {code}"
    )
    report = _failed(path, source_file, "WORKER_CRASHED",
                     f"Proses pembaca berkas ini mati mendadak ({how}); berkasnya mungkin rusak. "
                     "Laporkan berkas ini ke pengembang lkjip.")  # fmt: skip
    return "", report, _usage(started, peak_kb)


@dataclass
class _Worker:
    proc: Any
    conn: Connection
    documents: int = 0


class _Pool:
    """Idle workers, shared by the threads of this process."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: list[_Worker] = []

    def take(self) -> _Worker:
        with self.lock:
            while self.idle:
                worker = self.idle.pop()
                if worker.proc.is_alive():
                    return worker
                self._close(worker)
        ctx = _context()
        parent, child = ctx.Pipe(duplex=True)
        proc: Any = ctx.Process(target=_worker, args=(child, IDLE_SECONDS), name="lkjip-document")  # type: ignore[attr-defined]
        _start(proc)
        child.close()
        return _Worker(proc, parent)

    def prestart(self, n: int) -> None:
        """Start workers until ``n`` are idle."""
        with self.lock:
            missing = n - len(self.idle)
        for _ in range(missing):
            worker = self.take()
            with self.lock:
                self.idle.append(worker)

    def give(self, worker: _Worker, peak_kb: int, settings: Settings) -> None:
        worker.documents += 1
        rss_kb, _ = _memory_kb(worker.proc.pid)
        retire_mb = min(RETIRE_RSS_MB, settings.max_memory_mb // 2)
        if worker.documents >= MAX_DOCUMENTS_PER_WORKER or rss_kb > retire_mb * 1024:
            self.discard(worker)
            return
        with self.lock:
            self.idle.append(worker)

    def discard(self, worker: _Worker, kill: bool = False) -> None:
        if kill:
            _kill(worker.proc)
        self._close(worker)

    @staticmethod
    def _close(worker: _Worker) -> None:
        with contextlib.suppress(OSError, ValueError):
            worker.conn.send(None)  # an idle worker leaves on this (a forked sibling may hold the pipe open)
            worker.conn.close()
        worker.proc.join(1)
        if worker.proc.is_alive():
            _kill(worker.proc)

    def close(self) -> None:
        """Stop every idle worker (at exit, and when an ingest ends)."""
        with self.lock:
            idle, self.idle = self.idle, []
        for worker in idle:
            self._close(worker)


_POOL = _Pool()
atexit.register(_POOL.close)


def close_workers() -> None:
    """Stop this process's idle document workers."""
    _POOL.close()


def prestart_workers(n: int) -> None:
    """Start ``n`` document workers now (while the caller waits for something else), for the next documents."""
    _POOL.prestart(n)


def _start(proc: Any) -> None:
    """Start the document's process, also from a daemonic process (a Dask worker).

    multiprocessing refuses children of daemonic processes because a daemon's
    children would outlive it; ours cannot: ``_die_with_parent`` has Linux kill
    the child when its parent dies. So the flag is lifted for the start only.
    """
    current = mp.current_process()
    config: dict[str, Any] = current._config  # type: ignore[attr-defined]
    if not config.get("daemon"):
        proc.start()
        return
    config["daemon"] = False
    try:
        proc.start()
    finally:
        config["daemon"] = True


def _worker(conn: Connection, idle_seconds: float) -> None:
    """Body of a worker process: read documents one at a time, send each one's JSON, peak memory and
    stage times back; leave after ``idle_seconds`` without work or when the pipe closes."""
    # Ctrl-C is the ingest's to handle (it stops the workers and says what landed): a worker caught by
    # it in the moment before it leaves the terminal's process group must not print a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.setpgid(0, 0)
    _die_with_parent()
    try:
        _serve(conn, idle_seconds)
    except (BrokenPipeError, EOFError, ConnectionResetError):
        return  # the ingest went away (stopped, or killed): nobody is left to answer


def _serve(conn: Connection, idle_seconds: float) -> None:
    while conn.poll(idle_seconds):
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        path, settings_json, source_file = job
        _reset_peak_memory()
        conn.send(("got", time.monotonic()))
        settings = Settings.model_validate_json(settings_json)
        conn.send(("pages", pdf_page_count(Path(path))))
        t0 = time.monotonic()
        with captured_stderr() as noise:
            report = process_file(Path(path), settings, source_file)
            t1 = time.monotonic()
            try:
                with step_budget(settings.file_seconds / 2):
                    report = add_review_page(report, Path(path), settings)
            except StepTimeout:  # the review page is a nicety: the report goes on without it
                pass
        t2 = time.monotonic()
        if noise.lines:
            report.warnings.append(library_noise_warning(noise.lines))
        times = {"extract": t1 - t0, "review": t2 - t1, "reviewed": t2}
        conn.send(("done", report.to_json(indent=None), _memory_kb(os.getpid())[1], times))


def _reset_peak_memory() -> None:
    """Reset this process's peak resident memory (VmHWM), so the next reading is this document's."""
    with contextlib.suppress(OSError):  # not Linux, or not allowed: the peak then spans earlier documents
        Path("/proc/self/clear_refs").write_text("5")


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (an ingest killed with SIGKILL)."""
    with contextlib.suppress(
        OSError, AttributeError
    ):  # not Linux: the parent's kill on timeout still applies
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def _kill(proc: Any) -> None:
    """Kill the child and everything it started, then reap it."""
    for kill in (lambda: os.killpg(proc.pid, signal.SIGKILL), proc.kill):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            kill()
    proc.join(5)


def _memory_kb(pid: int) -> tuple[int, int]:
    """(resident, peak resident) memory of a process in KiB, from /proc; zeros where unknown."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0, 0
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)

    def kb(key: str) -> int:
        return int(fields.get(key, "0 kB").split()[0])

    return kb("VmRSS"), kb("VmHWM")


def _usage(started: float, peak_kb: int) -> Usage:
    return Usage(seconds=time.monotonic() - started, peak_rss_mb=peak_kb / 1024)


_LIMIT_MESSAGES = {
    "TIMEOUT": "Pembacaan berkas ini dihentikan setelah {timeout:g} detik ({why}); berkasnya mungkin rusak "
    "atau terlalu berat. {what}",
    "MEMORY_LIMIT": "Pembacaan berkas ini dihentikan karena memakai lebih dari {memory} MiB memori (batas per "
    "berkas); kemungkinan berkas bom atau gambar raksasa. Naikkan batas dengan --max-memory-mb bila perlu.",
}


def _limit_report(path: Path, settings: Settings, source_file: str | None, code: str, pages: int | None) -> Report:
    limit = settings.time_limit(pages)
    if limit >= settings.timeout_seconds:
        why, what = "batas waktu per berkas", "Naikkan batas dengan --timeout bila berkas ini memang laporan."
    else:
        why = f"{settings.file_seconds:g} detik per berkas" + (
            f" ditambah {settings.page_seconds:g} detik untuk tiap halamannya yang {pages}" if pages else ""
        )
        what = "Laporan biasa dibaca jauh lebih cepat dari batas ini; laporkan berkas ini ke pengembang lkjip."
    message = _LIMIT_MESSAGES[code].format(timeout=limit, why=why, what=what, memory=settings.max_memory_mb)
    return _failed(path, source_file, code, message)


def _failed(path: Path, source_file: str | None, code: str, message: str) -> Report:
    from lkjip.extractors.read.formats import sniff_format

    try:
        rid = file_sha256(path)
    except OSError:
        rid = ""
    fmt: Format | None
    try:
        fmt = sniff_format(path)
    except Exception:  # the file is what just defeated a reader; its format is a nicety
        fmt = None
    name = display_name(source_file or path.name)
    # no pipeline version: the cache never matches it, so the next ingest tries this file again
    return failed_report(name, rid, "read", code, message, fmt=fmt, pipeline_version=None)


def _context() -> BaseContext:
    if _single_threaded():
        return mp.get_context("fork")
    ctx = mp.get_context("forkserver")
    # "__main__" first: the server imports it once, so children do not run the main module again
    ctx.set_forkserver_preload(["__main__", "lkjip.pipeline.report", "lkjip.outputs.review"])
    return ctx


def _single_threaded() -> bool:
    return threading.active_count() == 1 and "fork" in mp.get_all_start_methods()
