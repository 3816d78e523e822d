"""`lkjip ingest --dask ADDRESS` runs the same flow's tasks on a Dask cluster: a real local one here
(a scheduler and two worker processes on 127.0.0.1), whose workers run in another folder than the
client, so a relative folder only works when its paths are made absolute before they leave."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from distributed import LocalCluster

from tests.conftest import REPORTS
from tests.pipeline.test_kill_resume import _content

LKJIP = [sys.executable, "-m", "lkjip.pipeline.cli"]


def _ingest(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return subprocess.run(
        [*LKJIP, "ingest", *args, "--json"], capture_output=True, text=True, env=env, cwd=cwd, timeout=300
    )


def test_a_dask_ingest_from_a_relative_folder_is_the_plain_ingest(tmp_path: Path) -> None:
    src = tmp_path / "laporan"
    src.mkdir()
    for name in ("kec-sukodono-2019.pdf", "kec-kramatwatu-2021.docx"):
        shutil.copy(REPORTS / name, src / name)
    (src / "catatan.txt").write_text("bukan laporan")
    plain = _ingest(tmp_path, "laporan", "--out", "biasa")
    assert plain.returncode == 0, plain.stderr[-3000:]
    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    with cluster:
        worker_dirs = set(cluster.get_client().run(os.getcwd).values())
        assert str(tmp_path) not in worker_dirs and len(worker_dirs) == 1  # the workers run elsewhere
        done = _ingest(tmp_path, "laporan", "--out", "dask", "--dask", cluster.scheduler_address)
        assert done.returncode == 0, done.stderr[-3000:]
        hosts = [w.rsplit(":", 1)[0] for w in cluster.scheduler_info["workers"]]
    assert hosts == ["tcp://127.0.0.1"] * 2
    assert _content(tmp_path / "dask") == _content(tmp_path / "biasa")  # the same reports, rows and records
    assert sorted(p.name for p in (tmp_path / "dask" / "reviews").iterdir()) == sorted(
        p.name for p in (tmp_path / "biasa" / "reviews").iterdir()
    )  # the workers wrote the review pages into the dataset, not into their own folder
    assert not any((Path(d) / "dask").exists() for d in worker_dirs)


def test_a_scheduler_that_does_not_answer_is_one_line_within_seconds(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (tmp_path / "laporan").mkdir()
    shutil.copy(REPORTS / "kec-anyar-2021.docx", tmp_path / "laporan")
    started = time.monotonic()
    done = _ingest(tmp_path, "laporan", "--out", "dataset", "--dask", f"tcp://127.0.0.1:{port}")
    elapsed = time.monotonic() - started
    assert done.returncode == 1 and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert lines[0].startswith(f"galat: penjadwal Dask di tcp://127.0.0.1:{port} tidak menjawab dalam 5 detik")
    assert elapsed < 12, elapsed
    assert not (tmp_path / "dataset").exists()  # nothing was started or written
