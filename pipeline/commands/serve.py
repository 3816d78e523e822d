"""``lkjip serve DATASET``: the review app, on this computer only unless told otherwise."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    dataset: Annotated[
        Path, typer.Argument(metavar="DATASET", help="Folder dataset hasil `lkjip ingest`.", file_okay=False)
    ],
    host: Annotated[
        str,
        typer.Option(
            metavar="ALAMAT",
            help="Alamat tempat aplikasi mendengarkan. Bawaannya hanya komputer ini; alamat lain membukanya "
            "bagi siapa pun di jaringan.",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, metavar="N", help="Nomor port (0: pilih yang bebas).")] = 8765,
    threads: Annotated[int, typer.Option(min=1, max=64, metavar="N", help="Jumlah utas pelayan permintaan.")] = 4,
) -> None:
    """Jalankan aplikasi tinjauan DATASET di peramban: saring laporan, periksa peringatan dan tabel di samping halaman PDF-nya, konfirmasi atau tolak peringatan, koreksi sel, tandai tabel bukan data, tunjukkan tabel yang terlewat.

    Setiap keputusan ditambahkan ke DATASET/corrections.jsonl (tidak pernah ditimpa) dan diterapkan lagi pada setiap ingest berikutnya, juga oleh versi pipeline yang lebih baru.
    """
    import logging

    from waitress import create_server

    from lkjip.outputs.dataset import DB_NAME
    from lkjip.outputs.review_app.app import create_app

    if not (dataset / DB_NAME).is_file():
        err.print(f"[red]galat:[/red] tidak ada dataset di {dataset} (berkas {DB_NAME} tidak ditemukan); "
                  "jalankan `lkjip ingest` dulu.")  # fmt: skip
        raise typer.Exit(2)
    hosts = list(LOOPBACK) if host in LOOPBACK else [*LOOPBACK, host]
    app = create_app(dataset, hosts=hosts)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # page images load several at a time
    server = create_server(app, host=host, port=port, threads=threads, ident="lkjip")
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{server.effective_port}/"
    if host not in LOOPBACK:
        err.print(f"[yellow]perhatian:[/yellow] aplikasi terbuka bagi jaringan di {host}; tanpa kata sandi.")
    sys.stdout.write(f"Aplikasi tinjauan {dataset}: {url}\n")
    sys.stdout.flush()
    err.print("Tekan Ctrl+C untuk berhenti.")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def register(app: typer.Typer) -> None:
    app.command(options_metavar="[OPSI]")(serve)
