"""The Prefect flow of ``lkjip ingest``: one task per report.

Only this module imports Prefect, and only after ``prefect_env.configure``
has pointed it at a private home in ephemeral mode. A task reads its
document in a child process under the per-file limits (``pipeline.limits``)
and returns the report as JSON (cheap to move between processes); the flow
hands each one to the writer as soon as it completes.

Prefect's ephemeral API is a server subprocess that outlives an ingest killed
with SIGKILL; the next ingest of the same dataset stops such leftovers first.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lkjip.records import Report
from pipeline.limits import process_file_limited
from pipeline.report import display_name, failed_report, file_sha256
from pipeline.settings import Settings

_B64 = "fsb64:"


def extract_one(path: str, settings_json: str) -> str:
    """One report from file to JSON; the body of the Prefect task."""
    settings = Settings.model_validate_json(settings_json)
    return process_file_limited(param_to_path(path), settings).to_json(indent=None)


def path_to_param(path: Path) -> str:
    """A path as a Prefect parameter: Prefect sends parameters to its API as UTF-8 JSON, which a
    file name that is not UTF-8 cannot be, so such paths travel base64-encoded."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text if not text.startswith(_B64) else _B64 + base64.b64encode(os.fsencode(path)).decode()
    except UnicodeEncodeError:
        return _B64 + base64.b64encode(os.fsencode(path)).decode()


def param_to_path(param: str) -> Path:
    if param.startswith(_B64):
        return Path(os.fsdecode(base64.b64decode(param[len(_B64) :])))
    return Path(param)


# The writer of the running ingest, looked up by the flow at run time. The flow and its task are
# module-level functions and the writer is not among their parameters, so a task runner that
# pickles the flow's context (Dask) never meets the dataset's connection.
_EMITTERS: dict[str, Callable[[str, str], None]] = {}


def _ingest_flow_body(paths: list[str], settings_json: str, emitter: str) -> int:
    from prefect.futures import as_completed

    emit = _EMITTERS[emitter]
    futures = {_extract_task().submit(p, settings_json): p for p in paths}
    done = 0
    for fut in as_completed(list(futures)):
        path = futures[fut]
        try:
            emit(path, fut.result())
        except Exception as exc:  # a crashed task is one failed report, not a failed batch
            emit(path, _crash_json(path, exc))
        done += 1
    return done


def _extract_task() -> Any:
    from prefect import task
    from prefect.cache_policies import NO_CACHE

    return task(name="extract-report", retries=0, cache_policy=NO_CACHE)(extract_one)


def build_flow(workers: int, dask_address: str | None = None) -> Any:
    """Return the ingest flow with a task runner for ``workers`` documents at a time (or a Dask cluster)."""
    from prefect import flow
    from prefect.task_runners import ThreadPoolTaskRunner

    runner: Any
    if dask_address:
        from prefect_dask import DaskTaskRunner

        runner = DaskTaskRunner(address=dask_address)
    else:
        # Each task only waits on the child process that reads its document (pipeline.limits), so
        # ``workers`` threads give ``workers`` documents read in parallel processes. (Prefect's
        # process pool would also pickle the flow's context, which holds the dataset connection.)
        runner = ThreadPoolTaskRunner(max_workers=workers)
    return flow(name="lkjip-ingest", task_runner=runner, log_prints=False, validate_parameters=False)(
        _ingest_flow_body
    )


def _crash_json(param: str, exc: BaseException) -> str:
    path = param_to_path(param)
    try:
        rid = file_sha256(path)
    except OSError:
        rid = ""
    message = (
        f"Pemrosesan berkas ini gagal total ({type(exc).__name__}: {exc}); laporkan berkasnya ke pengembang."
    )
    # no pipeline version: the cache never matches it, so the next run tries this file again
    name = display_name(path.name)
    report = failed_report(name, rid, "extract", "WORKER_CRASHED", message, pipeline_version=None)
    return report.to_json(indent=None)


def run_flow(
    paths: list[Path],
    settings: Settings,
    write: Callable[[Path, Report], None],
    dask_address: str | None = None,
) -> None:
    """Run the ingest flow over ``paths``, calling ``write`` with each finished report."""

    def emit(param: str, report_json: str) -> None:
        write(param_to_path(param), Report.from_json(report_json))

    token = f"{os.getpid()}-{id(emit)}"
    _EMITTERS[token] = emit
    try:
        flow_fn = build_flow(settings.workers, dask_address)
        flow_fn([path_to_param(p) for p in paths], settings.model_dump_json(), token)
    finally:
        _EMITTERS.pop(token, None)
