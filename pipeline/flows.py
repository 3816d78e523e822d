"""The Prefect flow of ``lkjip ingest``: one task per batch of reports.

Only this module imports Prefect, and only after ``prefect_env.configure``
has pointed it at a private home in ephemeral mode. A task reads its
documents one after the other, each in a child process under the per-file
limits (``pipeline.limits``), and returns each report as JSON (cheap to move
between processes); the flow hands them to the writer as soon as the task
completes. A task run costs Prefect about 45 ms of CPU here (its API
server's and this process's, measured with a task per document), taken from
the cores that read documents, so a task takes a batch: the largest files
first, in batches of up to ``MAX_BATCH`` documents that shrink towards the
end of the run (guided scheduling) so the workers finish together.

Stage times: each task returns what each document cost per stage next to
its report, and ``run_flow`` returns the seconds of every stage of the run,
Prefect's own included (``flow_stages``): importing Prefect, starting the
flow run (waiting for the API server), each worker lane's idle time between
tasks (task submission and state changes), the wait after the last task, and
ending the flow run. ``lkjip ingest --json`` prints them. The flow runs in a
thread of its own: once its body has handed over every report the ingest
goes on (Parquet, panels) while Prefect ends the flow run (``finish_flows``).

The API server: Prefect's ephemeral mode starts its API server (a uvicorn
subprocess) when the flow is first called and makes the flow wait for it
(3.6–3.9 s on this machine, 7.6–8.5 s on a new Prefect home, which it
migrates). The
ingest starts that same server itself as it begins (``start_api_server``:
Prefect's command and environment for its ephemeral server), so the server
starts while the ingest imports, finds and hashes its files, and the flow
then talks to it through ``PREFECT_API_URL``. A new dataset's Prefect home
gets a copy of a migrated empty Prefect database, kept per Prefect version in
the system's temporary folder, so the server need not migrate one; the
server keeps no event history and runs no automations (no one reads them).
The server dies with the ingest (also when it is killed with SIGKILL). A server
left by Prefect's own ephemeral mode in an ingest killed earlier is stopped
by the next ingest of the same dataset.
"""

from __future__ import annotations

import base64
import contextlib
import ctypes
import importlib.util
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

from lkjip.pipeline.settings import Settings
from lkjip.records import Report

_B64 = "fsb64:"


@dataclass(frozen=True)
class TaskTimes:
    """When one task ran (``time.monotonic`` of its process), where (process and thread), and the
    seconds of its document's stages (``pipeline.limits.Usage.stages``)."""

    lane: str
    start: float
    end: float
    stages: dict[str, float] = field(default_factory=dict)


def extract_one(path: str, settings_json: str) -> tuple[str, TaskTimes]:
    """One report from file to JSON, with what it cost; the body of the Prefect task."""
    from lkjip.pipeline.limits import run_limited_json

    start = time.monotonic()
    settings = Settings.model_validate_json(settings_json)
    report_json, usage = run_limited_json(param_to_path(path), settings)
    lane = f"{os.getpid()}:{threading.get_ident()}"
    return report_json, TaskTimes(lane, start, time.monotonic(), usage.stages)


def extract_batch(
    paths: list[str], settings_json: str, emitter: str | None = None
) -> list[tuple[str, str, TaskTimes]]:
    """Reports of several files, one after the other: (path, report JSON, what it cost) each; the
    body of the Prefect task. A document that fails is a failed report: the batch goes on.

    When the ingest that submitted the task runs in this process (``emitter`` names it: threads,
    not Dask), each report lands as soon as it is read, so progress, the log and an interrupted
    run count files, not batches; only the others are returned. Each file is logged to the task
    run (Prefect's UI)."""
    emit = _EMITTERS.get(emitter) if emitter else None
    logger = _run_logger()
    out: list[tuple[str, str, TaskTimes]] = []
    for p in paths:
        report_json, times = extract_one(p, settings_json)
        if logger is not None:
            logger.info(file_log_line(param_to_path(p).name, report_json, times.end - times.start))
        if emit is not None:
            emit(p, report_json, times)
        else:
            out.append((p, report_json, times))
    return out


def file_log_line(name: str, report_json: str, seconds: float) -> str:
    """One line on one file read (``runlog.describe``), for its task run's log."""
    import json

    from lkjip.pipeline.report import display_name
    from lkjip.pipeline.runlog import describe

    rep = json.loads(report_json)
    meta = rep.get("report", {})
    rows = sum(len(rep.get(f, [])) for f in ("iku", "anggaran", "idm"))
    codes = [e.get("code", "?") for e in rep.get("errors", [])]
    what = describe(meta.get("status", "?"), meta.get("pages"), len(rep.get("tables", [])), rows,
                    len(rep.get("warnings", [])), codes)  # fmt: skip
    return f"{display_name(name)}: {what}, {seconds:.1f} s"


def _run_logger() -> Any:
    """The task run's logger, at INFO for Prefect's API (its UI) only: its records do not reach the
    terminal, whose Prefect logging stays at WARNING. None outside a task run."""
    import logging

    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    runs = logging.getLogger("prefect.task_runs")
    runs.setLevel(logging.INFO)
    runs.propagate = False  # its own handler sends to the API; the root's would print
    try:
        return get_run_logger()
    except MissingContextError:
        return None


def _task_run_name() -> str:
    """The name of a task run in Prefect's UI: the files it reads."""
    from prefect.runtime import task_run

    from lkjip.pipeline.report import display_name

    names = [display_name(param_to_path(p).name) for p in task_run.parameters.get("paths", [])]
    if len(names) <= 1:
        return names[0] if names else "baca"
    return f"{names[0]} (+{len(names) - 1} berkas)"


MAX_BATCH = 8
GUIDE = 4  # a batch takes at most 1/(GUIDE × workers) of the documents left


def batches(paths: list[str], workers: int) -> list[list[str]]:
    """Given the documents of a run, return the batches of its tasks in the order to submit them:
    largest files first, batches of ``MAX_BATCH`` shrinking to single documents at the end."""

    def size(param: str) -> int:
        try:
            return param_to_path(param).stat().st_size
        except OSError:
            return 0

    order = sorted(paths, key=size, reverse=True)
    out: list[list[str]] = []
    i = 0
    while i < len(order):
        n = min(MAX_BATCH, max(1, -(-(len(order) - i) // (GUIDE * max(1, workers)))))
        out.append(order[i : i + n])
        i += n
    return out


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
_EMITTERS: dict[str, _Emitter] = {}


class _Emitter:
    """The flow's way back to the ingest: the writer, and the clock of the run."""

    def __init__(self, write: Callable[[Path, Report], None]) -> None:
        self.write = write
        self.body: list[float] = []  # monotonic times: body start, tasks submitted, body end
        self.tasks: list[TaskTimes] = []
        self.emits: list[tuple[float, float]] = []
        self.lock = threading.Lock()
        self.closed = False  # the ingest stopped (interrupted): nothing more is written
        self.body_done = threading.Event()
        self.done: set[str] = set()  # the files written, by parameter

    def __call__(self, param: str, report_json: str, times: TaskTimes | None) -> None:
        t0 = time.monotonic()
        report = Report.from_json(report_json)
        with self.lock:
            if self.closed:
                raise RuntimeError("the ingest stopped")
            self.write(param_to_path(param), report)
            self.done.add(param)
        self.emits.append((t0, time.monotonic()))
        if times is not None:
            self.tasks.append(times)

    def close(self) -> None:
        with self.lock:  # a write in progress ends first
            self.closed = True


def _ingest_flow_body(paths: list[str], settings_json: str, emitter: str) -> int:
    from prefect.futures import as_completed

    emit = _EMITTERS[emitter]
    emit.body.append(time.monotonic())
    workers = Settings.model_validate_json(settings_json).workers
    task = _extract_task()
    futures = {task.submit(batch, settings_json, emitter): batch for batch in batches(paths, workers)}
    emit.body.append(time.monotonic())
    for fut in as_completed(list(futures)):
        try:
            results = fut.result()
        except Exception as exc:  # a crashed task is failed reports, not a failed run
            results = [(path, _crash_json(path, exc), None) for path in futures[fut] if path not in emit.done]
        for path, report_json, times in results:
            emit(path, report_json, times)
    emit.body.append(time.monotonic())
    emit.body_done.set()
    return len(emit.done)


def _extract_task() -> Any:
    from prefect import task
    from prefect.cache_policies import NO_CACHE

    return task(name="extract-reports", task_run_name=_task_run_name, retries=0, cache_policy=NO_CACHE)(
        extract_batch
    )


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
    from lkjip.pipeline.report import display_name, failed_report, file_sha256

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
    api: ApiServer | None = None,
) -> dict[str, float]:
    """Run the ingest flow over ``paths``, calling ``write`` with each finished report; return the
    seconds of each stage (``flow_stages``). ``api``: the API server ``start_api_server`` started."""
    from lkjip.pipeline.limits import close_workers, prestart_workers

    emit = _Emitter(write)
    token = f"{os.getpid()}-{id(emit)}"
    _EMITTERS[token] = emit
    t0 = time.monotonic()
    # the document workers start while Prefect's API server starts
    prestarted: list[float] = []

    def start_workers() -> None:
        prestart_workers(min(settings.workers, len(paths)))
        prestarted.append(time.monotonic() - t0)

    prestart = threading.Thread(target=start_workers, daemon=True)
    flow: _FlowThread | None = None
    try:
        if api is not None:
            os.environ["PREFECT_API_URL"] = api.url  # before Prefect is imported: it reads its settings then
        flow_fn = build_flow(settings.workers, dask_address)
        t1 = time.monotonic()
        if dask_address is None:
            prestart.start()  # after the import: two processes (the server's, the workers') for two cores
        server_cpu_ready = 0.0
        if api is not None:
            api.wait()
            server_cpu_ready = api.cpu_seconds()
        t_ready = time.monotonic()
        # absolute before they leave this process: a Dask worker runs in a folder of its own
        params = [path_to_param(Path(os.path.abspath(p))) for p in paths]
        flow = _FlowThread(flow_fn, params, settings.model_dump_json(), token, emit)
        flow.wait_for_body()
        t2 = time.monotonic()
    finally:
        if flow is None:
            _EMITTERS.pop(token, None)
        if prestart.is_alive():
            prestart.join()
        close_workers()
    lanes = settings.workers if not dask_address else len({t.lane for t in emit.tasks}) or 1
    stages = flow_stages(t0, t1, t2, emit.body, emit.tasks, emit.emits, lanes)
    stages["prefect_api_wait"] = t_ready - t1  # part of prefect_flow_start
    if api is not None:
        # CPU seconds of the server (not wall time): to start, and while the flow ran
        stages["prefect_server_cpu_start"] = server_cpu_ready
        stages["prefect_server_cpu_run"] = api.cpu_seconds() - server_cpu_ready
    stages["workers_prestart"] = sum(prestarted)  # overlaps the import and the wait
    return stages


_RUNNING: list[_FlowThread] = []


class _FlowThread:
    """The flow, run in a thread of its own so that the ingest goes on (Parquet, panels) once the
    flow body has written every report, while Prefect ends the flow run (its state, its heartbeat
    thread: up to 1 s). ``finish_flows`` waits for that end."""

    def __init__(
        self, flow_fn: Any, paths: list[str], settings_json: str, token: str, emit: _Emitter
    ) -> None:
        self.emit = emit
        self.token = token
        self.error: BaseException | None = None
        self.returned = 0.0
        self.thread = threading.Thread(
            target=self._run, args=(flow_fn, paths, settings_json, token), name="lkjip-flow", daemon=True
        )
        self.thread.start()
        _RUNNING.append(self)

    def _run(self, flow_fn: Any, paths: list[str], settings_json: str, token: str) -> None:
        try:
            flow_fn(paths, settings_json, token)
        except BaseException as exc:
            self.error = exc
        finally:
            self.returned = time.monotonic()
            _EMITTERS.pop(token, None)

    def wait_for_body(self) -> None:
        """Wait until the flow body has handed over every report (or the flow failed)."""
        try:
            while not self.emit.body_done.wait(0.1):
                if not self.thread.is_alive():
                    break
        except BaseException:  # interrupted: the flow writes nothing more into a dataset being closed
            self.emit.close()
            silence_prefect()  # the abandoned flow run's failure is no news: the ingest says what landed
            raise
        if not self.emit.body_done.is_set():
            self.thread.join()
            _RUNNING.remove(self)
            raise self.error or RuntimeError("the ingest flow ended before its body did")

    def finish(self) -> float:
        """Wait for the flow run to end; return how long this waited. Raises what the flow raised."""
        t0 = time.monotonic()
        self.thread.join()
        _RUNNING.remove(self)
        if self.error is not None:
            raise self.error
        return time.monotonic() - t0


def silence_prefect() -> None:
    """No more lines from Prefect's loggers on the terminal (nor to its API)."""
    import logging

    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs", "prefect.events"):
        logging.getLogger(name).setLevel(logging.CRITICAL + 1)


def flush_run_logs() -> None:
    """Send the task runs' log lines still queued to Prefect's API (before its server stops)."""
    if "prefect.logging.handlers" not in sys.modules:
        return
    from prefect.logging.handlers import APILogHandler

    with contextlib.suppress(Exception):  # the lines are for the UI; a failure must not fail the ingest
        APILogHandler().flush()


def finish_flows() -> dict[str, float]:
    """Wait for the flow runs whose bodies are done to end; return the stage times that adds:
    ``prefect_flow_end`` (the wait) and ``prefect_flow_end_overlapped`` (their whole end)."""
    out = {"prefect_flow_end": 0.0, "prefect_flow_end_overlapped": 0.0}
    for flow in [f for f in _RUNNING if f.emit.body_done.is_set()]:  # an interrupted one is left to end
        out["prefect_flow_end"] += flow.finish()
        if flow.emit.body:
            out["prefect_flow_end_overlapped"] += flow.returned - flow.emit.body[-1]
    return out


def flow_stages(
    called: float,
    built: float,
    returned: float,
    body: list[float],
    tasks: list[TaskTimes],
    emits: list[tuple[float, float]],
    lanes: int,
) -> dict[str, float]:
    """The seconds of each stage of one flow run, from its clock readings.

    Document stages (``doc_*``, ``task_other``) are summed over the documents;
    they ran ``lanes`` at a time. Prefect's stages are wall time it added:
    ``prefect_import``, ``prefect_flow_start`` (call to the first line of the
    flow body: the ephemeral API server, the flow run), ``prefect_tasks``
    (each lane's time between the flow body's start and its last task that
    no task of that lane ran: submission, task runs and their state changes;
    summed over the lanes and divided by ``lanes``), ``prefect_tail`` (after
    the last task ended, what was not the writer's), ``prefect_flow_end``.
    ``writer`` is the time the flow spent handing reports to the writer
    (parse and write), which overlaps the tasks.
    """
    out: dict[str, float] = {"prefect_import": built - called, "prefect_flow_start": 0.0, "prefect_tasks": 0.0,
                             "prefect_tail": 0.0, "prefect_flow_end": 0.0}  # fmt: skip
    for t in tasks:
        for name, seconds in t.stages.items():
            out[f"doc_{name}"] = out.get(f"doc_{name}", 0.0) + seconds
        out["task_other"] = out.get("task_other", 0.0) + (t.end - t.start) - sum(t.stages.values())
    out["writer"] = sum(b - a for a, b in emits)
    out["documents"] = float(len(tasks))
    if len(body) < 3:  # the flow never ran its body (it failed to start)
        out["prefect_flow_start"] = returned - built
        return out
    start, _, end = body
    out["prefect_flow_start"] = start - built
    out["prefect_flow_end"] = returned - end
    by_lane: dict[str, list[TaskTimes]] = {}
    for t in tasks:
        by_lane.setdefault(t.lane, []).append(t)
    idle = 0.0
    for lane_tasks in by_lane.values():
        lane_tasks.sort(key=lambda t: t.start)
        busy = sum(t.end - t.start for t in lane_tasks)
        idle += (lane_tasks[-1].end - start) - busy
    out["prefect_tasks"] = idle / max(lanes, 1)
    last = max((t.end for t in tasks), default=start)
    writer_after = sum(max(0.0, b - max(a, last)) for a, b in emits)
    out["prefect_tail"] = max(0.0, (end - last) - writer_after)
    out["prefect"] = sum(out[k] for k in ("prefect_import", "prefect_flow_start", "prefect_tasks",
                                          "prefect_tail", "prefect_flow_end"))  # fmt: skip
    return out


# Prefect's ephemeral API server: prefect.server.api.server.SubprocessASGIServer._run_uvicorn_command
_SERVER_APP = "prefect.server.api.server:create_app"
_SERVER_ENV = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
    # a private server no one watches: no event history, no automations (a quarter of its CPU per task run)
    "PREFECT_SERVER_SERVICES_EVENT_PERSISTER_ENABLED": "false",
    "PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false",
}
_DB = "prefect.db"
# a seeded database needs neither migrations nor the registration of Prefect's block types (0.7 s here)
_SEEDED_ENV = {
    "PREFECT_API_DATABASE_MIGRATE_ON_START": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
}


@dataclass
class ApiServer:
    """Prefect's API server of one ingest, in a subprocess that dies with the ingest."""

    proc: subprocess.Popen[bytes]
    url: str
    home: Path
    new_database: bool = False  # the server makes the home's database: a template once migrated
    ready: bool = False

    def wait(self, timeout: float = 120.0) -> None:
        """Wait until the server answers."""
        deadline = time.monotonic() + timeout
        while not self.ready:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"Prefect's API server ended with code {self.proc.returncode} before it was ready"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as answer:
                    self.ready = answer.status == 200
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Prefect's API server did not answer within {timeout:g} s") from None
                time.sleep(0.05)
        if self.new_database:
            _keep_template(self.home / _DB)

    def cpu_seconds(self) -> float:
        """CPU seconds the server has used so far (0 when unknown)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return 0.0

    def stop(self) -> None:
        if os.environ.get("PREFECT_API_URL") == self.url:
            del os.environ["PREFECT_API_URL"]
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def start_api_server(host: str = "127.0.0.1") -> ApiServer | None:
    """Start Prefect's API server for an ingest now, in the background (see the module's docstring),
    listening on ``host``: for a Dask cluster, the address its workers reach this machine at, so their
    task runs report to it (without it each worker started an ephemeral server of its own).

    None when Prefect should not use one of ours: the user set ``PREFECT_API_URL`` (their server),
    Prefect is already imported (its settings are read), or ``PREFECT_HOME`` is not set.
    """
    home = os.environ.get("PREFECT_HOME")
    if os.environ.get("PREFECT_API_URL") or "prefect" in sys.modules or not home:
        return None
    home_path = Path(home)
    server_env = dict(_SERVER_ENV)
    new_database = not (home_path / _DB).exists()
    if _seed_database(home_path / _DB):  # a copy of a database this Prefect version migrated, blocks included
        new_database = False
        server_env.update(_SEEDED_ENV)
    with socket.socket() as sock:
        sock.bind((host, 0))
        port = sock.getsockname()[1]
    spec = importlib.util.find_spec("prefect")  # not imported: its settings must wait for PREFECT_API_URL
    if spec is None or spec.origin is None:
        return None
    site = Path(spec.origin).parent.parent
    command = [sys.executable, "-m", "uvicorn", "--app-dir", str(site), "--factory", _SERVER_APP,
               "--host", host, "--port", str(port), "--log-level", "error", "--lifespan", "on"]  # fmt: skip
    proc = subprocess.Popen(
        command, env={**os.environ, **server_env}, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent,
        start_new_session=True,  # a Ctrl-C at the terminal is the ingest's to handle: the server outlives it until stopped
    )
    return ApiServer(proc, f"http://{host}:{port}/api", home_path, new_database)


def die_with_parent() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _template() -> Path:
    return Path(tempfile.gettempdir()) / f"lkjip-prefect-{version('prefect')}-{os.getuid()}.db"


def _seed_database(db: Path) -> bool:
    """A new Prefect home gets a copy of the migrated empty database, when one was kept; True if it did."""
    template = _template()
    if db.exists() or not template.is_file():
        return False
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(template, tmp)
        os.replace(tmp, db)
    except OSError:
        tmp.unlink(missing_ok=True)
        return False
    return True


def _keep_template(db: Path) -> None:
    """Keep a copy of a just-migrated Prefect database (no run in it yet) for the next new home."""
    template = _template()
    if template.exists() or not db.is_file():
        return
    tmp = template.with_name(f".{template.name}.{os.getpid()}.tmp")
    try:
        src, dst = sqlite3.connect(f"file:{db}?mode=ro", uri=True), sqlite3.connect(tmp)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        os.replace(tmp, template)
    except (OSError, sqlite3.Error):  # a cache: without it the next new home migrates its database
        tmp.unlink(missing_ok=True)
