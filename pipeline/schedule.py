"""``lkjip deploy``: the ingest of a folder as a Prefect deployment on a schedule (a nightly ingest
of a watched folder), served by this process against a Prefect server over the dataset's home.

Each scheduled run is one ``lkjip ingest FOLDER --out DATASET`` in a child process: exactly what
the command does by hand (the cache makes an unchanged folder cost a second), its flow run and
task runs (named by their files) reported to the same server, so the UI shows both. A run whose
ingest fails is a failed flow run with the ingest's last lines. Imports Prefect: import it only
after ``prefect_env`` has set the environment.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.exceptions import MissingContextError
from prefect.logging import get_run_logger
from prefect.schedules import Cron

FLOW_NAME = "lkjip-ingest-terjadwal"
TIMEZONE = "Asia/Jakarta"


def ingest_command(folder: str, out: str, workers: int = 1, exclude: list[str] | None = None) -> list[str]:
    """The ``lkjip ingest`` command line a scheduled run executes."""
    command = [sys.executable, "-m", "lkjip.pipeline.cli", "ingest", folder, "--out", out, "--json"]
    command += ["--workers", str(workers)]
    for pattern in exclude or []:
        command += ["--exclude", pattern]
    return command


@flow(name=FLOW_NAME, log_prints=False, validate_parameters=True)
def scheduled_ingest(folder: str, out: str, workers: int = 1, exclude: list[str] | None = None) -> dict[str, Any]:
    """Ingest ``folder`` into the dataset ``out`` (``lkjip ingest``); return its JSON summary."""
    try:
        logger: Any = get_run_logger()
    except MissingContextError:  # called as a plain function
        logger = logging.getLogger(__name__)
    done = subprocess.run(ingest_command(folder, out, workers, exclude), capture_output=True, text=True)
    if done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        raise RuntimeError(f"lkjip ingest keluar dengan kode {done.returncode}: {tail}")
    summary: dict[str, Any] = json.loads(done.stdout)
    logger.info(
        "%s berkas: %s; %s tidak berubah (dilewati) → %s",
        summary["found"], summary["status"] or "tidak ada yang dibaca", summary["skipped_unchanged"], out,
    )  # fmt: skip
    return summary


def build_deployment(
    folder: Path,
    out: Path,
    cron: str,
    name: str | None = None,
    timezone: str = TIMEZONE,
    workers: int = 1,
    exclude: list[str] | None = None,
) -> Any:
    """The deployment of the scheduled ingest of ``folder`` into ``out`` (paths made absolute: the
    runs start in the server's time, from wherever), on ``cron`` in ``timezone``; not served yet."""
    params = {"folder": str(folder.absolute()), "out": str(out.absolute()), "workers": workers,
              "exclude": list(exclude or [])}  # fmt: skip
    return scheduled_ingest.to_deployment(
        name=name or f"ingest-{folder.absolute().name}",
        schedule=Cron(cron, timezone=timezone),
        parameters=params,
        description=f"lkjip ingest {params['folder']} --out {params['out']}",
        tags=["lkjip"],
    )


def next_runs(deployment: Any, n: int = 3) -> list[str]:
    """The next ``n`` times the deployment's schedule fires, ISO-formatted in its timezone."""
    import asyncio

    from prefect.server.schemas.schedules import CronSchedule

    schedule = deployment.schedules[0].schedule
    server_side = CronSchedule(cron=schedule.cron, timezone=schedule.timezone, day_or=schedule.day_or)
    return [d.isoformat(timespec="minutes") for d in asyncio.run(server_side.get_dates(n))]


def serve(deployment: Any) -> None:
    """Serve the deployment until interrupted: runs start on its schedule."""
    from prefect import serve as prefect_serve

    # not paused on shutdown: its server stops with it (pausing would wait on a server already gone)
    prefect_serve(deployment, print_starting_message=False, pause_on_shutdown=False)
