"""`lkjip ingest` end to end through the real Prefect flow (ephemeral mode, private home)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd

import lkjip
from tests.conftest import REPORTS

LKJIP = [sys.executable, "-m", "lkjip.pipeline.cli"]


def _ingest(src: Path, out: Path) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    done = subprocess.run(
        [*LKJIP, "ingest", str(src), "--out", str(out), "--json"],
        capture_output=True, text=True, env=env, timeout=600, check=True,
    )
    return json.loads(done.stdout)  # stdout holds the JSON summary and nothing else


def _content(out: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(out / "lkjip.duckdb"), read_only=True)
    try:
        return {
            t: con.execute(f'SELECT * EXCLUDE ({"ingested_at" if t == "reports" else "report_id"}) FROM "{t}" ORDER BY ALL').fetchall()
            for t in ("reports", "tables", "iku", "anggaran", "idm", "warnings", "errors")
        }
    finally:
        con.close()


def test_ingest_twice_changes_nothing_and_opens_everywhere(tmp_path: Path) -> None:
    src = tmp_path / "in"
    sub = src / "nested dir"
    sub.mkdir(parents=True)
    shutil.copy(REPORTS / "kec-betara-2022.pdf", src / "kec-betara-2022.pdf")
    shutil.copy(REPORTS / "kec-kramatwatu-2021.docx", sub / "kec-kramatwatu-2021.docx")
    (src / "catatan.txt").write_text("bukan laporan")
    out = tmp_path / "dataset"

    first = _ingest(src, out)
    assert first["status"] == {"ok": 2, "failed": 1}
    before = _content(out)
    db_mtime = (out / "lkjip.duckdb").stat().st_mtime_ns
    parquet_mtime = (out / "parquet" / "iku.parquet").stat().st_mtime_ns

    second = _ingest(src, out)
    assert second["skipped_unchanged"] == 3 and second["status"] == {}
    assert _content(out) == before
    assert (out / "parquet" / "iku.parquet").stat().st_mtime_ns == parquet_mtime
    assert (out / "lkjip.duckdb").stat().st_mtime_ns >= db_mtime

    # Prefect kept its state under the dataset, not in the user's home
    assert (out / ".prefect").is_dir()

    # every report has its review page, the failed one included
    assert sorted(p.name for p in (out / "reviews").iterdir()) == [
        "catatan.txt.html", "kec-betara-2022.pdf.html", "kec-kramatwatu-2021.docx.html",
    ]

    # the dataset opens in DuckDB, pandas (Parquet) and the Python API
    ds = lkjip.open_dataset(out)
    reports = ds.reports
    assert set(reports["status"]) == {"ok", "failed"}
    failed = reports[reports.status == "failed"].iloc[0]
    errors = ds.errors
    assert errors[errors.report_id == failed.report_id].code.tolist() == ["NOT_A_DOCUMENT"]
    grades = dict(zip(reports.source_file, reports.quality_grade, strict=True))
    assert grades == {"kec-betara-2022.pdf": "D", "kec-kramatwatu-2021.docx": "A", "catatan.txt": "F"}
    assert len(ds.iku_panel) > 0 and (out / "parquet" / "iku_panel.parquet").exists()
    iku_pq = pd.read_parquet(out / "parquet" / "iku.parquet")
    assert len(iku_pq) == len(ds.iku) > 0
    ds.close()


def test_changed_file_replaces_its_rows(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    target = src / "laporan.docx"
    shutil.copy(REPORTS / "kec-kramatwatu-2021.docx", target)
    out = tmp_path / "dataset"
    _ingest(src, out)
    shutil.copy(REPORTS / "kec-kramatwatu-2022.docx", target)  # same path, new content
    _ingest(src, out)
    ds = lkjip.open_dataset(out)
    try:
        assert ds.reports.tahun.tolist() == [2022]
        assert set(ds.iku.report_id) == set(ds.reports.report_id)
    finally:
        ds.close()
