"""``lkjip deploy FOLDER --out DATASET --cron "0 2 * * *"``: a nightly (or any cron) ingest of a
watched folder, as a Prefect deployment served by this process, with Prefect's UI over the dataset."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from lkjip.pipeline.commands.ui import HostOpt, PortOpt

err = Console(stderr=True)


def deploy(
    folder: Annotated[
        Path,
        typer.Argument(metavar="FOLDER", help="Folder laporan yang diingest menurut jadwal.", exists=True, file_okay=False),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DATASET", help="Folder dataset (dibuat bila belum ada).")],
    cron: Annotated[
        str, typer.Option("--cron", metavar="CRON", help="Jadwal cron, mis. '0 2 * * *' (setiap hari pukul 02.00).")
    ],
    timezone: Annotated[
        str, typer.Option("--timezone", metavar="ZONA", help="Zona waktu jadwal (Asia/Jakarta = WIB, Asia/Makassar = WITA).")
    ] = "Asia/Jakarta",
    name: Annotated[
        str | None, typer.Option("--name", metavar="NAMA", help="Nama deployment (bawaan: ingest-NAMAFOLDER).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, metavar="N", help="Jumlah proses pembaca tiap ingest.")] = 1,
    exclude: Annotated[
        list[str] | None, typer.Option(metavar="POLA", help="Lewati berkas yang namanya cocok dengan pola ini (boleh diulang).")
    ] = None,
    port: PortOpt = 4200,
    host: HostOpt = "127.0.0.1",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Cetak deployment dan jadwal berikutnya lalu keluar, tanpa melayaninya.")
    ] = False,
) -> None:
    """Layani ingest FOLDER ke DATASET sebagai deployment Prefect terjadwal (cron), dengan UI Prefect; Ctrl-C menghentikannya.

    Setiap jadwal menjalankan `lkjip ingest FOLDER --out DATASET`: berkas yang tidak berubah dilewati.
    """
    from lkjip.pipeline import prefect_env

    home = prefect_env.prefect_home(out)
    prefect_env.configure(home)
    server: subprocess.Popen[bytes] | None = None
    try:
        if not dry_run:
            server, url = _start_server(out, host, port)
            os.environ["PREFECT_API_URL"] = url  # before Prefect is imported: the deployment is served there
        from lkjip.pipeline import schedule

        try:
            deployment = schedule.build_deployment(folder, out, cron, name, timezone, workers, exclude or [])
            upcoming = schedule.next_runs(deployment)
        except (ValueError, TypeError) as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            err.print(f"[red]galat:[/red] jadwal --cron {cron!r} / --timezone {timezone!r} tidak sah ({first}).",
                      soft_wrap=True, highlight=False)  # fmt: skip
            raise typer.Exit(2) from None
        params = deployment.parameters
        print(f"deployment: {schedule.FLOW_NAME}/{deployment.name}")
        print(f"perintah: lkjip ingest {params['folder']} --out {params['out']}")
        print(f"jadwal: {cron} ({timezone}); berikutnya: {', '.join(upcoming)}")
        if dry_run:
            return
        print(f"UI Prefect: http://{host}:{port} (Ctrl-C untuk berhenti)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            schedule.serve(deployment)  # Prefect ends it on Ctrl-C or SIGTERM
        err.print("Dihentikan: deployment tidak lagi dilayani; jadwalnya berjalan lagi bila perintah ini diulang.")
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()


def _start_server(out: Path, host: str, port: int) -> tuple[subprocess.Popen[bytes], str]:
    """Start Prefect's server (API, UI, scheduler) over the dataset's Prefect home; wait until it answers."""
    from lkjip.pipeline.flows import die_with_parent
    from lkjip.pipeline.prefect_env import apply_env, ui_server

    changes, command = ui_server(out, host, port)
    # a session of its own: a Ctrl-C at the terminal is this process's, which stops serving, then the server
    proc = subprocess.Popen(command, env=apply_env(changes), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            start_new_session=True, preexec_fn=die_with_parent)  # fmt: skip
    url = f"http://{host}:{port}/api"
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            err.print(f"[red]galat:[/red] server Prefect berhenti (kode {proc.returncode}); apakah port {port} terpakai?")
            raise typer.Exit(1)
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                if answer.status == 200:
                    return proc, url
        except OSError:
            if time.monotonic() > deadline:
                proc.terminate()
                err.print(f"[red]galat:[/red] server Prefect tidak menjawab di {url} dalam 120 detik.")
                raise typer.Exit(1) from None
            time.sleep(0.2)


def register(app: typer.Typer) -> None:
    app.command(options_metavar="[OPSI]")(deploy)
