"""SIGKILL of ``lkjip ingest`` at any moment, then a re-run, gives the dataset of an uninterrupted run.

One uninterrupted ingest of 22 fixture reports is the reference. A second
dataset is then ingested by a chain of runs, each killed with SIGKILL at a
random moment (the first before documents are read, the other four while
they are), and a last run that completes. After every kill the database must
open and hold only whole reports; at the end both datasets (DuckDB and
Parquet, minus ``ingested_at``) must be equal, and no process the killed runs
started may be left behind. ``LKJIP_KILL_SEED`` replays a sequence.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd

from lkjip.outputs.dataset import Dataset
from lkjip.outputs.schema import TABLES
from lkjip.pipeline.ingest import ingest
from lkjip.pipeline.limits import process_file_limited
from lkjip.pipeline.settings import Settings
from tests.conftest import REPORTS, fixture_documents

N_FILES = 22
KILLS = 5


def _sources(src: Path) -> list[str]:
    names = [n for n in fixture_documents() if n != "kec-betara-2022.pdf"][:N_FILES]  # betara alone takes 2 s
    assert len(names) == N_FILES
    src.mkdir()
    for n in names:
        shutil.copy(REPORTS / n, src / n)
    return names


def _start(src: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return subprocess.Popen(
        [sys.executable, "-m", "lkjip.pipeline.cli", "ingest", str(src), "--out", str(out), "--json"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip


def _descendants(pid: int) -> dict[int, str]:
    """pid -> command line of every live descendant of ``pid`` (from /proc)."""
    parent: dict[int, int] = {}
    cmd: dict[int, str] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            parent[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
    found: dict[int, str] = {}
    frontier = [pid]
    while frontier:
        p = frontier.pop()
        for child, par in parent.items():
            if par == p and child not in found:
                found[child] = cmd.get(child, "")
                frontier.append(child)
    return found


def _wait_for_reading(proc: subprocess.Popen[bytes], limit: float) -> float | None:
    """Seconds until ``proc`` starts reading documents (its forkserver appears), None if it ended first."""
    started = time.monotonic()
    while time.monotonic() - started < limit and proc.poll() is None:
        if any("forkserver" in c for c in _descendants(proc.pid).values()):
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def _content(out: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(out / "lkjip.duckdb"), read_only=True)
    try:
        return {
            t: con.execute(f'SELECT * {"EXCLUDE (ingested_at)" if t == "reports" else ""} FROM "{t}" ORDER BY ALL').fetchall()
            for t in TABLES
        }
    finally:
        con.close()


def _parquet(out: Path) -> dict[str, list[tuple[object, ...]]]:
    tables = {}
    for t in TABLES:
        df = pd.read_parquet(out / "parquet" / f"{t}.parquet")
        df = df.drop(columns=[c for c in ("ingested_at",) if c in df.columns]).astype(str)
        tables[t] = sorted(df.itertuples(index=False, name=None))
    return tables


def _whole_reports(out: Path, reference: dict[str, dict[str, int]]) -> int:
    """The number of reports in a dataset after a kill; each must have all of its rows."""
    if not (out / "lkjip.duckdb").exists():  # killed before it made the dataset
        return 0
    con = duckdb.connect(str(out / "lkjip.duckdb"), read_only=True)
    try:
        made = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if "reports" not in made:  # killed while it made the tables
            return 0
        ids = [r[0] for r in con.execute("SELECT report_id FROM reports").fetchall()]
        for t in ("tables", "iku", "anggaran", "idm", "warnings", "errors"):
            query = f'SELECT report_id, count(*) FROM "{t}" GROUP BY ALL'
            counts = dict(con.execute(query).fetchall()) if t in made else {}
            for rid in ids:
                assert counts.get(rid, 0) == reference[t].get(rid, 0), f"report {rid[:8]} half-written in {t}"
        return len(ids)
    finally:
        con.close()


def _row_counts(out: Path) -> dict[str, dict[str, int]]:
    con = duckdb.connect(str(out / "lkjip.duckdb"), read_only=True)
    try:
        return {
            t: dict(con.execute(f'SELECT report_id, count(*) FROM "{t}" GROUP BY ALL').fetchall())
            for t in ("tables", "iku", "anggaran", "idm", "warnings", "errors")
        }
    finally:
        con.close()


def test_sigkill_at_random_moments_then_resume_gives_the_same_dataset(tmp_path: Path) -> None:
    seed = int(os.environ.get("LKJIP_KILL_SEED", time.time_ns() % 10**6))
    rng = random.Random(seed)
    src = _sources(tmp_path / "in")
    reference, resumed = tmp_path / "reference", tmp_path / "resumed"

    started = time.monotonic()
    proc = _start(tmp_path / "in", reference)
    startup = _wait_for_reading(proc, 300) or 0.0
    assert proc.wait(timeout=600) == 0, proc.stderr.read().decode() if proc.stderr else ""
    reading = time.monotonic() - started - startup
    counts = _row_counts(reference)

    leftovers: dict[int, str] = {}
    progress: list[str] = []
    try:
        for k in range(KILLS):
            done_before = _whole_reports(resumed, counts) if (resumed / "lkjip.duckdb").exists() else 0
            proc = _start(tmp_path / "in", resumed)
            if k == 0:  # while Prefect starts and the folder is planned
                time.sleep(rng.uniform(0.2, max(0.3, startup)))
            else:  # while documents are read and written
                if _wait_for_reading(proc, 300) is None:
                    progress.append("selesai sebelum dibunuh")
                    continue
                time.sleep(rng.uniform(0.0, reading * (len(src) - done_before) / len(src)))
            leftovers.update(_descendants(proc.pid))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            progress.append(f"{_whole_reports(resumed, counts)}/{len(src)}")
        proc = _start(tmp_path / "in", resumed)
        assert proc.wait(timeout=600) == 0, proc.stderr.read().decode() if proc.stderr else ""
    finally:
        # orphans (Prefect's workers, multiprocessing's forkserver and resource tracker) notice their parent's
        # death when its pipes close: give them time to go, more on a loaded machine, before calling them left
        deadline = time.monotonic() + 15
        while True:
            alive = {p: c for p, c in leftovers.items() if _running(p)}
            if not alive or time.monotonic() > deadline:
                break
            time.sleep(0.25)
        for p in alive:  # only processes the killed runs started, by pid
            os.kill(p, signal.SIGKILL)
    print(f"seed {seed}; reports after each kill: {progress}")
    assert not alive, f"processes left by killed runs: {alive}"
    assert _content(resumed) == _content(reference)
    assert _parquet(resumed) == _parquet(reference)


def _running(pid: int) -> bool:
    """Whether a process still runs (a zombie waiting for its reaper has already gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def _each(paths: list[Path], settings: Settings, write: object) -> None:
    for p in paths:
        write(p, process_file_limited(p, settings))  # type: ignore[operator]


def test_an_export_cut_short_is_redone_by_the_next_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in ("kec-anyar-2021.docx", "kec-anyar-2022.docx"):
        shutil.copy(REPORTS / n, src / n)
    out = tmp_path / "dataset"
    ingest(src, out, Settings(), _each)
    whole = _parquet(out)
    # a run killed between the last report and the end of the export: one file stale, no state
    (out / "parquet" / ".state").unlink()
    stale = pd.read_parquet(out / "parquet" / "iku.parquet").head(1)
    stale.to_parquet(out / "parquet" / "iku.parquet")
    summary = ingest(src, out, Settings(), _each)
    assert summary.skipped_unchanged == 2 and not summary.status
    assert _parquet(out) == whole
    with Dataset.open(out) as ds:
        assert ds.parquet_is_current()
