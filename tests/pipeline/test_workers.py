"""Document workers are reused within the limits: a worker stopped on a limit, or dead, never is."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from lkjip.pipeline import limits
from lkjip.pipeline.limits import close_workers, run_limited, run_limited_json
from lkjip.pipeline.report import process_file
from lkjip.pipeline.settings import Settings
from lkjip.records import Report
from tests.conftest import REPORTS


def _idle_pids() -> list[int]:
    return [w.proc.pid for w in limits._POOL.idle]


def test_a_worker_takes_the_next_document_and_reads_it_as_a_fresh_process_would() -> None:
    close_workers()
    first, usage1 = run_limited(REPORTS / "kec-betara-2022.pdf", Settings())
    [pid] = _idle_pids()
    second, usage2 = run_limited(REPORTS / "kec-anyar-2022.pdf", Settings())
    again_json, _ = run_limited_json(REPORTS / "kec-betara-2022.pdf", Settings())
    assert _idle_pids() == [pid]  # one worker read all three
    assert limits._POOL.idle[0].documents == 3
    assert second.to_json() == process_file(REPORTS / "kec-anyar-2022.pdf").to_json()
    assert Report.from_json(again_json).to_json() == first.to_json()
    assert usage2.stages["start"] < usage1.stages["start"] + 1.0
    assert {"start", "extract", "review", "result"} <= set(usage2.stages)
    close_workers()
    assert not _idle_pids()


def test_a_worker_stopped_on_a_limit_is_not_reused() -> None:
    close_workers()
    run_limited(REPORTS / "kec-anyar-2023.pdf", Settings())
    [pid] = _idle_pids()
    report, _ = run_limited(REPORTS / "kec-betara-2022.pdf", Settings(timeout_seconds=0.2))
    assert [e.code for e in report.errors] == ["TIMEOUT"]
    assert not _idle_pids()
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[1][:3]
    ok, _ = run_limited(REPORTS / "kec-anyar-2023.pdf", Settings())
    assert ok.report.status == "ok" and _idle_pids() != [pid]
    close_workers()


def test_an_idle_worker_that_died_is_replaced(tmp_path: Path) -> None:
    close_workers()
    run_limited(REPORTS / "kec-anyar-2023.pdf", Settings())
    [pid] = _idle_pids()
    os.kill(pid, signal.SIGKILL)
    limits._POOL.idle[0].proc.join(5)
    report, _ = run_limited(REPORTS / "kec-anyar-2023.pdf", Settings())
    assert report.report.status == "ok"
    assert _idle_pids() and _idle_pids() != [pid]
    close_workers()


def test_a_worker_retires_after_its_share_of_documents() -> None:
    close_workers()
    old = limits.MAX_DOCUMENTS_PER_WORKER
    limits.MAX_DOCUMENTS_PER_WORKER = 2
    try:
        run_limited(REPORTS / "kec-anyar-2023.pdf", Settings())
        [pid] = _idle_pids()
        run_limited(REPORTS / "kec-anyar-2023.pdf", Settings())
        assert pid not in _idle_pids()
    finally:
        limits.MAX_DOCUMENTS_PER_WORKER = old
        close_workers()
