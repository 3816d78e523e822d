"""The ingest without Prefect, for the benchmark's A/B measure of Prefect's share.

``python -m benchmarks.plain FOLDER --out DATASET --workers N`` runs what
``lkjip ingest`` runs (``pipeline.ingest.ingest``: discovery, the cache, each
document read by ``pipeline.flows.extract_one`` in a worker process under the
limits, its review page, the writer, Parquet and panels) with a plain thread
pool in place of the Prefect flow and its task runner, and prints the same
JSON summary. Prefect is never imported. The difference between the two wall
times is what Prefect adds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from lkjip.pipeline.flows import TaskTimes, extract_one, flow_stages, path_to_param
from lkjip.pipeline.ingest import ingest
from lkjip.pipeline.limits import close_workers
from lkjip.pipeline.settings import Settings
from lkjip.records import Report


def run_plain(
    paths: list[Path], settings: Settings, write: Callable[[Path, Report], None]
) -> dict[str, float]:
    """A runner for ``pipeline.ingest.ingest``: ``settings.workers`` threads, each document in a worker process."""
    tasks: list[TaskTimes] = []
    emits: list[tuple[float, float]] = []
    t0 = time.monotonic()
    body = [t0]
    try:
        with ThreadPoolExecutor(max_workers=settings.workers) as pool:
            settings_json = settings.model_dump_json()
            futures = {pool.submit(extract_one, path_to_param(p), settings_json): p for p in paths}
            body.append(time.monotonic())
            for fut in as_completed(futures):
                report_json, times = fut.result()
                e0 = time.monotonic()
                write(futures[fut], Report.from_json(report_json))
                emits.append((e0, time.monotonic()))
                tasks.append(times)
        body.append(time.monotonic())
    finally:
        close_workers()
    stages = flow_stages(t0, t0, time.monotonic(), body, tasks, emits, settings.workers)
    # no Prefect here: what flow_stages calls Prefect's is this runner's own scheduling
    return {
        ("runner" + k.removeprefix("prefect") if k.startswith("prefect") else k): v for k, v in stages.items()
    }


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    summary = ingest(args.folder, args.out, Settings(workers=args.workers), run_plain)
    payload = {
        "found": summary.found,
        "skipped_unchanged": summary.skipped_unchanged,
        "status": dict(summary.status),
        "seconds": round(time.perf_counter() - started, 2),
        "dataset": str(args.out),
        "stages": {k: round(v, 3) for k, v in summary.stages.items()},
    }
    sys.stdout.write(json.dumps(payload) + "\n")


if __name__ == "__main__":
    main()
