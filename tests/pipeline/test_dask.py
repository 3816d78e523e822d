"""`lkjip ingest --dask ADDRESS` runs the same flow's tasks on a Dask cluster (a LocalCluster here)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from distributed import LocalCluster

import lkjip
from tests.conftest import REPORTS


def test_ingest_on_a_dask_cluster(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("kec-sukodono-2019.pdf", "kec-kramatwatu-2021.docx"):
        shutil.copy(REPORTS / name, src / name)
    out = tmp_path / "dataset"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        done = subprocess.run(
            [sys.executable, "-m", "lkjip.pipeline.cli", "ingest", str(src), "--out", str(out), "--json",
             "--dask", cluster.scheduler_address],
            capture_output=True, text=True, env=env, timeout=600,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        worker_logs = cluster.get_logs()
    assert json.loads(done.stdout)["status"] == {"ok": 2}, worker_logs
    ds = lkjip.open_dataset(out)
    try:
        assert sorted(ds.reports.source_file) == ["kec-kramatwatu-2021.docx", "kec-sukodono-2019.pdf"]
        assert len(ds.iku) > 0 and len(ds.anggaran) > 0
    finally:
        ds.close()
