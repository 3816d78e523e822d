"""The decision log: append-only, durable line by line, nothing lost to concurrent writers or a torn line."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

from lkjip.outputs.review_app.store import LOG_NAME, CorrectionLog, new_decision


def _decision(i: int, reviewer: str = "uji") -> object:
    return new_decision(
        kind="cell", action="correct", report_id="r" * 64, table="iku", row=f"capaian_iku|p1|x {i}#1",
        row_keys=[f"capaian_iku|p1|x {i}#1"], field="realisasi", value=float(i), reason="uji", reviewer=reviewer,
    )  # fmt: skip


def _write_many(root: str, who: str, n: int) -> None:
    log = CorrectionLog(root)
    for i in range(n):
        log.append(_decision(i, who))  # type: ignore[arg-type]


def test_appends_are_read_back_in_order(tmp_path: Path) -> None:
    log = CorrectionLog(tmp_path)
    assert not log.exists() and log.read().decisions == []
    for i in range(3):
        log.append(_decision(i))  # type: ignore[arg-type]
    got = log.read()
    assert [d.value for d in got.decisions] == [0.0, 1.0, 2.0] and got.bad_lines == []
    assert (tmp_path / LOG_NAME).read_text().count("\n") == 3


def test_a_line_torn_by_a_crash_costs_only_itself(tmp_path: Path) -> None:
    log = CorrectionLog(tmp_path)
    log.append(_decision(1))  # type: ignore[arg-type]
    with open(tmp_path / LOG_NAME, "ab") as f:
        f.write(b'{"decision_id": "cut off mid-wri')  # the process died here
    log.append(_decision(2))  # type: ignore[arg-type]
    got = log.read()
    assert [d.value for d in got.decisions] == [1.0, 2.0]
    assert got.bad_lines == [2]


def test_threads_and_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_write_many, args=(str(tmp_path), f"proses{k}", 40)) for k in range(2)]
    threads = [threading.Thread(target=_write_many, args=(str(tmp_path), f"utas{k}", 40)) for k in range(4)]
    for p in procs:
        p.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    got = CorrectionLog(tmp_path).read()
    assert got.bad_lines == []
    assert len(got.decisions) == 6 * 40
    assert len({d.decision_id for d in got.decisions}) == 240
