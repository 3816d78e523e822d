"""``lkjip ui DATASET``: Prefect's UI over a dataset's ingests (flow runs, a task run per batch of
files named after them, a log line per file), served from the dataset's own Prefect home."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)

PortOpt = Annotated[int, typer.Option("--port", min=1, max=65535, metavar="PORT", help="Port server UI.")]
HostOpt = Annotated[
    str, typer.Option("--host", metavar="HOST", help="Alamat tempat server UI mendengarkan (127.0.0.1: hanya mesin ini).")
]


def ui(
    dataset: Annotated[
        Path, typer.Argument(metavar="DATASET", help="Folder dataset hasil `lkjip ingest`.", file_okay=False)
    ],
    port: PortOpt = 4200,
    host: HostOpt = "127.0.0.1",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Cetak lingkungan dan perintah server lalu keluar, tanpa menjalankannya.")
    ] = False,
) -> None:
    """Jalankan UI Prefect untuk riwayat ingest DATASET (flow run, nama berkas, log per berkas); Ctrl-C menghentikannya."""
    from lkjip.pipeline.prefect_env import apply_env, prefect_home, ui_server

    if not (prefect_home(dataset) / "prefect.db").is_file() and not dry_run:
        err.print(
            f"[red]galat:[/red] {dataset} belum punya riwayat Prefect ({prefect_home(dataset)}/prefect.db); "
            "jalankan dulu lkjip ingest FOLDER --out DATASET.",
            soft_wrap=True, highlight=False,
        )  # fmt: skip
        raise typer.Exit(2)
    changes, command = ui_server(dataset, host, port)
    if dry_run:
        for key, value in changes.items():
            print(f"{key}={shlex.quote(value)}" if value else f"unset {key}")
        print(shlex.join(command))
        return
    err.print(f"UI Prefect untuk {dataset}: http://{host}:{port} (Ctrl-C untuk berhenti)", highlight=False)
    os.execve(command[0], command, apply_env(changes))  # the server takes this process: Ctrl-C is its


def register(app: typer.Typer) -> None:
    app.command(options_metavar="[OPSI]")(ui)
