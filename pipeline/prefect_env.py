"""Prefect without a server: ephemeral mode, a private home, a quiet terminal.

Must run before ``prefect`` is imported anywhere in the process, because
Prefect reads these settings at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

QUIET = {
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_SERVER_LOGGING_LEVEL": "CRITICAL",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # the ephemeral API took 7-24 s to start on a fresh database here; the default 20 s is too tight
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_SERVER_ALLOW_EPHEMERAL_MODE": "true",
    "PREFECT_LOGGING_TO_API_ENABLED": "false",
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
