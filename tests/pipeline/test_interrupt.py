"""Ctrl-C (SIGINT) of ``lkjip ingest``: it stops cleanly, says in Indonesian what landed, keeps a
consistent dataset and a log, and the next run resumes without reading a landed file again. The
ingest's Prefect runs carry the file names and their log lines (what ``lkjip ui`` shows)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from lkjip.pipeline.runlog import LOG_NAME
from tests.conftest import REPORTS
from tests.pipeline.test_kill_resume import _content, _row_counts, _whole_reports

LKJIP = [sys.executable, "-m", "lkjip.pipeline.cli", "ingest"]
REPORT_LINE = re.compile(r"^\S+ (\S+): (ok|partial|failed), ", re.M)


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}


def _landed(log: Path) -> list[str]:
    """The files whose report lines are in the dataset's log, in order."""
    return [m[1] for m in REPORT_LINE.finditer(log.read_text())] if log.exists() else []


def test_ctrl_c_stops_cleanly_and_the_next_run_resumes(tmp_path: Path) -> None:
    names = sorted(p.name for p in REPORTS.glob("*.docx"))[:12]
    src = tmp_path / "laporan"
    src.mkdir()
    for n in names:
        shutil.copy(REPORTS / n, src / n)
    reference, resumed = tmp_path / "acuan", tmp_path / "dataset"
    done = subprocess.run([*LKJIP, str(src), "--out", str(reference), "--json"], env=_env(), capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]

    proc = subprocess.Popen([*LKJIP, str(src), "--out", str(resumed)], env=_env(), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not _landed(resumed / LOG_NAME) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)  # until the first report has landed
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr[-3000:]
    assert "Traceback" not in stderr and "Error" not in stderr, stderr[-3000:]
    said = re.search(r"Dihentikan \(Ctrl-C\): (\d+) laporan masuk ke dataset pada proses ini .*, (\d+) berkas belum "
                     r"dibaca\. Jalankan perintah yang sama lagi untuk melanjutkan", stderr)  # fmt: skip
    assert said, stderr
    landed, pending = int(said[1]), int(said[2])
    assert 1 <= landed < len(names) and landed + pending == len(names)
    assert re.search(r"\d+/12 [\d.]+ berkas/menit · sisa \d+:\d\d", stderr), stderr  # rate and ETA shown
    first = _landed(resumed / LOG_NAME)
    assert len(first) == landed and "dihentikan (Ctrl-C)" in (resumed / LOG_NAME).read_text()
    assert _whole_reports(resumed, _row_counts(reference)) == landed  # only whole reports, as many as it said

    again = subprocess.run([*LKJIP, str(src), "--out", str(resumed), "--json"], env=_env(), capture_output=True,
                           text=True, timeout=300)  # fmt: skip
    assert again.returncode == 0, again.stderr[-3000:]
    summary = json.loads(again.stdout)
    assert summary["skipped_unchanged"] == landed and sum(summary["status"].values()) == len(names) - landed
    second = _landed(resumed / LOG_NAME)[landed:]
    assert sorted(first + second) == names and not set(first) & set(second)  # nothing read twice
    assert _content(resumed) == _content(reference)

    prefect = sqlite3.connect(resumed / ".prefect" / "prefect.db")
    try:
        run_names = [r[0] for r in prefect.execute("SELECT name FROM task_run")]
        logs = [r[0] for r in prefect.execute("SELECT message FROM log")]
    finally:
        prefect.close()
    assert {n.split(" (+")[0] for n in run_names} <= set(names) and run_names, run_names  # task runs named by file
    assert {m.split(":")[0] for m in logs if ": ok," in m} >= set(second), logs  # a log line per file read
