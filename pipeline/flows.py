"""The Prefect flow of ``lkjip ingest``: one task per report.

Only this module imports Prefect, and only after ``prefect_env.configure``
has pointed it at a private home in ephemeral mode. A task returns the
report as JSON (cheap to move between processes); the flow hands each one
to the writer as soon as it completes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from lkjip.records import Report
from pipeline.report import failed_report, file_sha256, process_file
from pipeline.settings import Settings


def extract_one(path: str, settings_json: str) -> str:
    """One report from file to JSON; the body of the Prefect task."""
    settings = Settings.model_validate_json(settings_json)
    return process_file(Path(path), settings).to_json(indent=None)


def build_flow(workers: int, emit: Callable[[str, str], None], dask_address: str | None = None) -> Any:
    """Return the ingest flow with a task runner for ``workers`` processes (or a Dask cluster)."""
    from prefect import flow, task
    from prefect.cache_policies import NO_CACHE
    from prefect.futures import as_completed
    from prefect.task_runners import ProcessPoolTaskRunner, ThreadPoolTaskRunner

    runner: Any
    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner = DaskTaskRunner(address=dask_address)
    elif workers > 1:
        runner = ProcessPoolTaskRunner(max_workers=workers)
    else:
        runner = ThreadPoolTaskRunner(max_workers=1)

    extract_task = task(name="extract-report", retries=0, cache_policy=NO_CACHE)(extract_one)

    @flow(name="lkjip-ingest", task_runner=runner, log_prints=False, validate_parameters=False)
    def ingest_flow(paths: list[str], settings_json: str) -> int:
        futures = {extract_task.submit(p, settings_json): p for p in paths}
        done = 0
        for fut in as_completed(list(futures)):
            path = futures[fut]
            try:
                emit(path, fut.result())
            except Exception as exc:  # a crashed task is one failed report, not a failed batch
                emit(path, _crash_json(path, exc))
            done += 1
        return done

    return ingest_flow


def _crash_json(path: str, exc: BaseException) -> str:
    try:
        rid = file_sha256(Path(path))
    except OSError:
        rid = ""
    message = f"Pemrosesan berkas ini gagal total ({type(exc).__name__}: {exc}); laporkan berkasnya ke pengembang."
    # no pipeline version: the cache never matches it, so the next run tries this file again
    report = failed_report(Path(path).name, rid, "extract", "WORKER_CRASHED", message, pipeline_version=None)
    return report.to_json(indent=None)


def run_flow(
    paths: list[Path], settings: Settings, write: Callable[[Path, Report], None], dask_address: str | None = None
) -> None:
    """Run the ingest flow over ``paths``, calling ``write`` with each finished report."""

    def emit(path: str, report_json: str) -> None:
        write(Path(path), Report.from_json(report_json))

    flow_fn = build_flow(settings.workers, emit, dask_address)
    flow_fn([str(p) for p in paths], settings.model_dump_json())
