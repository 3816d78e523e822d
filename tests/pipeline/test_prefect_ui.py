"""Prefect around the ingest: ``lkjip ui DATASET`` serves Prefect's UI over the dataset's own Prefect
home (the task runs named by their files, a log line per file), and ``lkjip deploy`` makes the
ingest of a folder a deployment on a cron schedule, each run an ``lkjip ingest``."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import REPORTS

LKJIP = [sys.executable, "-m", "lkjip.pipeline.cli"]
FILES = ("kec-anyar-2021.docx", "kec-anyar-2022.docx")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}


def _folder(tmp_path: Path) -> Path:
    src = tmp_path / "laporan"
    src.mkdir()
    for n in FILES:
        shutil.copy(REPORTS / n, src / n)
    return src


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _post(url: str, body: dict[str, object]) -> list[dict[str, object]]:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())  # type: ignore[no-any-return]


def test_ui_serves_the_datasets_runs_with_file_names_and_logs(tmp_path: Path) -> None:
    src, out = _folder(tmp_path), tmp_path / "dataset"
    done = subprocess.run([*LKJIP, "ingest", str(src), "--out", str(out), "--json"], env=_env(),
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    port = _free_port()
    dry = subprocess.run([*LKJIP, "ui", str(out), "--port", str(port), "--dry-run"], env=_env(), capture_output=True,
                         text=True, timeout=60)  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert f"PREFECT_HOME={out / '.prefect'}" in dry.stdout.splitlines()
    assert dry.stdout.splitlines()[-1].endswith(f"-m prefect server start --host 127.0.0.1 --port {port}")

    ui = subprocess.Popen([*LKJIP, "ui", str(out), "--port", str(port)], env=_env(), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/health", timeout=2):
                    break
            except OSError:
                assert ui.poll() is None and time.monotonic() < deadline, ui.stderr.read() if ui.stderr else ""
                time.sleep(0.2)
        with urllib.request.urlopen(base, timeout=10) as page:
            assert b"<!DOCTYPE html>" in page.read(200)  # the UI itself
        runs = _post(f"{base}/api/task_runs/filter", {"limit": 50})
        logs = _post(f"{base}/api/logs/filter", {"limit": 50})
        flows = _post(f"{base}/api/flows/filter", {"limit": 10})
    finally:
        os.killpg(ui.pid, signal.SIGINT)  # the group this test started: the server and its children
        ui.wait(30)
    assert {f["name"] for f in flows} == {"lkjip-ingest"}
    names = {str(r["name"]).split(" (+")[0] for r in runs}
    assert names and names <= set(FILES), names  # each task run named by (the first of) its files
    lines = {str(m["message"]).split(":")[0] for m in logs if ": ok," in str(m["message"])}
    assert lines == set(FILES), logs  # one log line per file read, in the task run's log


def test_ui_without_a_dataset_says_what_to_do(tmp_path: Path) -> None:
    done = subprocess.run([*LKJIP, "ui", str(tmp_path / "kosong")], env=_env(), capture_output=True, text=True,
                          timeout=60)  # fmt: skip
    assert done.returncode == 2 and "jalankan dulu lkjip ingest" in done.stderr


def test_a_deployment_on_a_cron_schedule_over_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if "prefect" not in sys.modules:  # Prefect is imported below, in this process: not in the user's home
        monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    from lkjip.pipeline.schedule import build_deployment, ingest_command, next_runs, scheduled_ingest

    src, out = _folder(tmp_path), tmp_path / "dataset"
    deployment = build_deployment(src, out, "0 2 * * *", exclude=["*.json"])
    (schedule,) = deployment.schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone, schedule.active) == ("0 2 * * *", "Asia/Jakarta", True)
    assert deployment.parameters == {"folder": str(src), "out": str(out), "workers": 1, "exclude": ["*.json"]}
    assert deployment.entrypoint.endswith("pipeline/schedule.py:scheduled_ingest")
    assert all(t.endswith("T02:00+07:00") for t in next_runs(deployment))
    assert ingest_command(str(src), str(out))[2:5] == ["lkjip.pipeline.cli", "ingest", str(src)]

    dry = subprocess.run([*LKJIP, "deploy", "laporan", "--out", "dataset", "--cron", "0 2 * * *", "--dry-run"],
                         cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)  # fmt: skip
    assert dry.returncode == 0, dry.stderr
    assert f"perintah: lkjip ingest {src} --out {out}" in dry.stdout and "jadwal: 0 2 * * * (Asia/Jakarta)" in dry.stdout
    bad = subprocess.run([*LKJIP, "deploy", str(src), "--out", str(out), "--cron", "0 25 * * *", "--dry-run"],
                         env=_env(), capture_output=True, text=True, timeout=120)  # fmt: skip
    assert bad.returncode == 2 and "galat: jadwal --cron '0 25 * * *'" in bad.stderr

    # what one scheduled run does, without a schedule: the folder lands in the dataset, then nothing changes
    first = scheduled_ingest.fn(**deployment.parameters)
    assert first["status"] == {"ok": 2}
    assert scheduled_ingest.fn(**deployment.parameters)["skipped_unchanged"] == 2
