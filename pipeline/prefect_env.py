"""Prefect without a server: ephemeral mode, a private home, a quiet terminal.

Must run before ``prefect`` is imported anywhere in the process, because
Prefect reads these settings at import time.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

QUIET = {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # the ephemeral API took 7-24 s to start on a fresh database here; the default 20 s is too tight
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
    # each file's line reaches the task run in Prefect's UI (``lkjip ui``); the terminal stays quiet
    "PREFECT_LOGGING_TO_API_ENABLED": "true",
    "PREFECT_TASKS_REFRESH_CACHE": "false",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
}


def configure(home: Path) -> None:
    """Point Prefect at a private home under ``home`` and silence it, unless the user set a server."""
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    for key, value in QUIET.items():
        os.environ.setdefault(key, value)
    if not os.environ.get("PREFECT_API_URL"):
        os.environ.pop("PREFECT_API_URL", None)


_SERVER_APP = b"prefect.server.api.server:create_app"


def stop_stale_servers(home: str) -> list[int]:
    """Kill ephemeral Prefect API servers serving the Prefect home ``home`` that this process did
    not start: they were left by an ingest of the same dataset that was killed. The caller holds
    the dataset's DuckDB write lock, so no live ingest of that dataset can own them."""
    marker = f"PREFECT_HOME={home}".encode()
    stopped: list[int] = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if _SERVER_APP not in (entry / "cmdline").read_bytes():
                continue
            if marker not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if ppid == os.getpid():
                continue
            os.kill(int(entry.name), signal.SIGKILL)
            stopped.append(int(entry.name))
        except (OSError, ValueError, IndexError):  # gone meanwhile, or not ours to read
            continue
    return stopped


def stop_servers_left_by_killed_runs() -> list[int]:
    """``stop_stale_servers`` for this process's Prefect home, when Prefect runs in ephemeral mode."""
    home = os.environ.get("PREFECT_HOME")
    if home and not os.environ.get("PREFECT_API_URL"):
        return stop_stale_servers(home)
    return []


UI_PORT = 4200


def prefect_home(dataset: Path) -> Path:
    """The Prefect home of a dataset: where its ingests keep their flow runs, task runs and logs."""
    return dataset / ".prefect"


def ui_server(dataset: Path, host: str = "127.0.0.1", port: int = UI_PORT) -> tuple[dict[str, str], list[str]]:
    """Given a dataset, return the environment (what to set; ``""`` to remove) and the command of a
    Prefect server with its UI over that dataset's Prefect home (``lkjip ui``, ``lkjip deploy``)."""
    import sys

    env = {
        "PREFECT_HOME": str(prefect_home(dataset).absolute()),
        "PREFECT_API_URL": "",  # the server is this one, not one the user's profile names
        "PREFECT_API_DATABASE_CONNECTION_URL": "",  # the home's prefect.db
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "true",
    }
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", host, "--port", str(port)]
    return env, command


def apply_env(changes: dict[str, str], base: dict[str, str] | None = None) -> dict[str, str]:
    """Given changes (``""`` removes a variable), return ``base`` (``os.environ``) with them made."""
    env = dict(os.environ if base is None else base)
    for key, value in changes.items():
        if value:
            env[key] = value
        else:
            env.pop(key, None)
    return env
