"""Per-file limits enforced from outside the parsers: each document is read in a child process.

A parser stuck in a loop cannot be interrupted from a thread, and a bomb that
inflates memory cannot be stopped from inside; a child process can be killed.
The parent waits with a deadline (``timeout_seconds``), watches the child's
resident memory (``max_memory_mb``), and turns a kill into a failed report
(``TIMEOUT``, ``MEMORY_LIMIT``), or ``WORKER_CRASHED`` when the child dies by
itself (a native crash). The child leads its own process group, so whatever it
starts (LibreOffice, Tesseract) goes down with it, and it dies with its parent.

Start method: "fork" when this process runs a single Python thread (``lkjip
extract``: a fork costs milliseconds and every module is already loaded; the
idle native pools of OpenBLAS and OpenCV survive a fork), otherwise
"forkserver" with the pipeline preloaded, since forking while other Python
threads hold locks (Prefect runs several) can deadlock the child.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing as mp
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from lkjip.records import Format, Report
from pipeline.report import add_review_page, display_name, failed_report, file_sha256, process_file
from pipeline.settings import Settings

POLL_SECONDS = 0.05
# codes of failures that depend on the limits, not on the file alone: ingest tries these files again
LIMIT_CODES = frozenset({"TIMEOUT", "MEMORY_LIMIT", "TOO_MANY_PAGES", "TOO_LARGE", "WORKER_CRASHED"})
_PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Usage:
    """What reading one document cost: wall seconds and the child's peak resident memory."""

    seconds: float
    peak_rss_mb: float


def process_file_limited(
    path: Path, settings: Settings | None = None, source_file: str | None = None
) -> Report:
    """Given a report file, return its Report, read in a child process under the settings' limits."""
    return run_limited(path, settings or Settings(), source_file)[0]


def run_limited(path: Path, settings: Settings, source_file: str | None = None) -> tuple[Report, Usage]:
    """Given a report file, return its Report and what reading it cost; never raises for a bad file."""
    ctx = _context()
    recv, send = ctx.Pipe(duplex=False)
    proc: Any = ctx.Process(  # type: ignore[attr-defined]
        target=_child, args=(send, str(path), settings.model_dump_json(), source_file), name="lkjip-document"
    )
    started = time.monotonic()
    _start(proc)
    send.close()
    deadline = started + settings.timeout_seconds
    peak_kb = 0
    payload: tuple[str, int] | None = None
    try:
        while True:
            if recv.poll(POLL_SECONDS):
                try:
                    payload = recv.recv()
                except (EOFError, OSError):  # the child died before it sent anything
                    payload = None
                break
            rss_kb, hwm_kb = _memory_kb(proc.pid)
            peak_kb = max(peak_kb, hwm_kb)
            if rss_kb > settings.max_memory_mb * 1024:
                _kill(proc)
                return _limit_report(path, settings, source_file, "MEMORY_LIMIT"), _usage(started, peak_kb)
            if time.monotonic() > deadline:
                _kill(proc)
                return _limit_report(path, settings, source_file, "TIMEOUT"), _usage(started, peak_kb)
            if not proc.is_alive() and not recv.poll(0):
                break
    finally:
        recv.close()
    proc.join(5)
    if proc.is_alive():
        _kill(proc)
    if payload is None:
        code = proc.exitcode
        how = (
            f"dihentikan sinyal {signal.Signals(-code).name}"
            if code and code < 0
            else f"keluar dengan kode {code}"
        )
        report = _failed(path, source_file, "WORKER_CRASHED",
                         f"Proses pembaca berkas ini mati mendadak ({how}); berkasnya mungkin rusak. "
                         "Laporkan berkas ini ke pengembang lkjip.")  # fmt: skip
        return report, _usage(started, peak_kb)
    report_json, child_peak_kb = payload
    return Report.from_json(report_json), _usage(started, max(peak_kb, child_peak_kb))


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


def _child(conn: Connection, path: str, settings_json: str, source_file: str | None) -> None:
    """Body of the child process: read the document, send its JSON and the peak memory back."""
    import resource

    os.setpgid(0, 0)
    _die_with_parent()
    settings = Settings.model_validate_json(settings_json)
    report = add_review_page(process_file(Path(path), settings, source_file), Path(path), settings)
    conn.send((report.to_json(indent=None), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    conn.close()


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
    "TIMEOUT": "Pembacaan berkas ini dihentikan setelah {timeout:g} detik (batas waktu per berkas); berkasnya "
    "mungkin terlalu besar atau rusak. Naikkan batas dengan --timeout bila berkas ini memang laporan.",
    "MEMORY_LIMIT": "Pembacaan berkas ini dihentikan karena memakai lebih dari {memory} MiB memori (batas per "
    "berkas); kemungkinan berkas bom atau gambar raksasa. Naikkan batas dengan --max-memory-mb bila perlu.",
}


def _limit_report(path: Path, settings: Settings, source_file: str | None, code: str) -> Report:
    message = _LIMIT_MESSAGES[code].format(timeout=settings.timeout_seconds, memory=settings.max_memory_mb)
    return _failed(path, source_file, code, message)


def _failed(path: Path, source_file: str | None, code: str, message: str) -> Report:
    from extractors.formats import sniff_format

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
    ctx.set_forkserver_preload(["__main__", "pipeline.report"])
    return ctx


def _single_threaded() -> bool:
    return threading.active_count() == 1 and "fork" in mp.get_all_start_methods()
