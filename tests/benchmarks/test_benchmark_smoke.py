"""The benchmark's stage accounting and corpora, fast (no timing is asserted, Prefect is not started)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import build_corpus, build_scanned, page_count
from benchmarks.run import PREFECT_KEYS, prefect_share, stage_table
from lkjip.pipeline.flows import TaskTimes, flow_stages
from tests.conftest import REPORTS, ROOT


def test_flow_stages_charge_prefect_with_lane_idle_time_only() -> None:
    # two lanes; the body runs from 10 to 30; lane a idles 1 s before its first task and 0.5 s between
    # tasks, lane b 2 s before its first; the last task ends at 28, the writer then works 1 s of the 2 left
    tasks = [
        TaskTimes("a", 11.0, 15.0, {"extract": 3.0, "review": 0.5}),
        TaskTimes("a", 15.5, 28.0, {"extract": 12.0}),
        TaskTimes("b", 12.0, 27.0, {"extract": 14.0, "start": 0.5}),
    ]
    emits = [(15.0, 15.2), (27.0, 27.3), (28.0, 29.0)]
    st = flow_stages(
        called=0.0, built=1.0, returned=31.0, body=[10.0, 10.1, 30.0], tasks=tasks, emits=emits, lanes=2
    )
    assert st["prefect_import"] == 1.0 and st["prefect_flow_start"] == 9.0 and st["prefect_flow_end"] == 1.0
    assert st["prefect_tasks"] == pytest.approx((1.0 + 0.5 + 2.0) / 2)
    assert st["prefect_tail"] == pytest.approx(2.0 - 1.0)
    assert st["doc_extract"] == 29.0 and st["doc_review"] == 0.5 and st["doc_start"] == 0.5
    assert st["task_other"] == pytest.approx((4.0 - 3.5) + (12.5 - 12.0) + (15.0 - 14.5))
    assert st["writer"] == pytest.approx(1.5) and st["documents"] == 3
    assert st["prefect"] == pytest.approx(1.0 + 9.0 + 1.75 + 1.0 + 1.0)
    rows = stage_table(st, wall=40.0, lanes=2)
    assert {r["stage"] for r in rows} >= set(PREFECT_KEYS)
    assert next(r for r in rows if r["stage"] == "doc_extract")["wall"] == 14.5
    assert prefect_share(st, 40.0) == pytest.approx(st["prefect"] / 40.0)


def test_the_ingest_without_prefect_reports_its_stages(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("kec-anyar-2023.pdf", "kec-sukodono-2019.docx"):
        (src / name).write_bytes((REPORTS / name).read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.plain", str(src), "--out", str(tmp_path / "ds"), "--workers", "2"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=True,
    )  # fmt: skip
    summary = json.loads(done.stdout)
    assert summary["status"] == {"ok": 2}
    stages = summary["stages"]
    assert stages["documents"] == 2 and stages["doc_extract"] > 0 and stages["writer"] > 0
    assert not any(k.startswith("prefect") for k in stages)
    assert "prefect" not in done.stderr.lower()


def test_corpora_are_distinct_files_of_the_promised_size(tmp_path: Path) -> None:
    pages = build_corpus(tmp_path / "digital", 2, seed=7)
    files = sorted((tmp_path / "digital").glob("*.pdf"))
    assert files == sorted((tmp_path / "digital").iterdir())  # nothing else for the ingest to read
    assert len(files) == 2 and pages == sum(page_count(f) for f in files)
    assert build_corpus(tmp_path / "digital", 2, seed=7) == pages  # kept as made
    assert all(20 <= page_count(f) <= 60 for f in files)
    assert len({f.read_bytes() for f in files}) == 2
    scans = build_scanned(tmp_path / "scanned", 2)
    sources = sorted((ROOT / "fixtures" / "scanned").glob("*.pdf"))
    assert scans[0].read_bytes() != sources[0].read_bytes()
    assert page_count(scans[0]) == page_count(sources[0])
