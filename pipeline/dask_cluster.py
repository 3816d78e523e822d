"""The Dask cluster of ``lkjip ingest --dask ADDRESS``, checked before the ingest starts.

Prefect's Dask task runner connects to the scheduler only when the flow starts, and a scheduler
that does not answer ended there, after distributed's 30 s connect timeout, in a long traceback.
The ingest asks first (the scheduler's ``identity``, over distributed's own comm), with short
timeouts, and says in one line what is wrong.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from typing import Any

CONNECT_SECONDS = 5.0
WORKER_SECONDS = 5.0


def scheduler_problem(
    address: str, connect_seconds: float = CONNECT_SECONDS, worker_seconds: float = WORKER_SECONDS
) -> str | None:
    """Given a Dask scheduler address, return None when a scheduler answers there and has a worker
    (within the timeouts), else a one-line message in Indonesian saying what to do."""
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # its own lines about the failed connection: ours says it
    try:
        return asyncio.run(_problem(address, connect_seconds, worker_seconds))
    finally:
        quiet.setLevel(level)


async def _problem(address: str, connect_seconds: float, worker_seconds: float) -> str | None:
    try:
        _check_scheme(address)
    except (ValueError, TypeError) as exc:
        return f"alamat penjadwal Dask tidak sah: {address!r} ({_short(exc)}); contoh: tcp://127.0.0.1:8786."
    deadline = time.monotonic() + worker_seconds
    while True:
        try:
            identity = await asyncio.wait_for(_identity(address, connect_seconds), connect_seconds + 1)
        except (OSError, TimeoutError) as exc:  # refused, or no answer
            return (
                f"penjadwal Dask di {address} tidak menjawab dalam {connect_seconds:g} detik ({_short(exc)}); "
                "periksa alamatnya, atau jalankan penjadwalnya (dask scheduler) dan pekerjanya (dask worker ALAMAT)."
            )
        except Exception:  # something answered, not in distributed's protocol
            identity = None
        if not isinstance(identity, dict) or identity.get("type") != "Scheduler":
            return f"yang menjawab di {address} bukan penjadwal Dask; periksa alamatnya (contoh: tcp://127.0.0.1:8786)."
        if identity.get("workers"):
            return None
        if time.monotonic() > deadline:
            return (
                f"penjadwal Dask di {address} menjawab tetapi tidak punya pekerja (ditunggu {worker_seconds:g} "
                f"detik); jalankan pekerjanya: dask worker {address}"
            )
        await asyncio.sleep(0.2)


def address_towards(address: str) -> str:
    """Given the address of a scheduler that answers, return this machine's IP address on the way to
    it (127.0.0.1 for a scheduler on this machine): where the cluster's workers reach the client."""
    from distributed.comm.addressing import parse_address, parse_host_port

    _, location = parse_address(address, strict=False)
    host, port = parse_host_port(location)
    with socket.create_connection((host, port), timeout=CONNECT_SECONDS) as sock:
        return str(sock.getsockname()[0])


def _check_scheme(address: str) -> None:
    from distributed.comm.registry import get_backend

    get_backend(address.split("://", 1)[0] if "://" in address else "tcp")  # ValueError: an unknown scheme


async def _identity(address: str, timeout: float) -> Any:
    from distributed.comm.core import connect

    comm = await connect(address, timeout=timeout)  # type: ignore[no-untyped-call]
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
