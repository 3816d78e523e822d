"""``lkjip report``: a static HTML overview of a dataset, with charts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)


def report(
    dataset: Annotated[Path, typer.Argument(metavar="DATASET", help="Folder dataset hasil `lkjip ingest`.")],
    out: Annotated[
        Path,
        typer.Option("--out", "-o", metavar="FOLDER", help="Folder untuk index.html (mis. folder dataset itu sendiri)."),
    ],
) -> None:
    """Tulis FOLDER/index.html: ringkasan dataset dengan grafik dan tautan ke halaman tinjauan tiap laporan.

    Isinya: tren indikator, sebaran capaian, realisasi anggaran per program, status IDM per desa, dan laporan diurutkan menurut peringatannya.

    Satu berkas mandiri: grafik SVG di dalamnya, tanpa skrip, tanpa jaringan.
    """
    from lkjip.outputs.overview import write_overview
    from lkjip.outputs.panels import PanelDataset

    try:
        ds = PanelDataset.open(dataset)
    except FileNotFoundError as exc:
        err.print(f"[red]galat:[/red] {exc}")
        raise typer.Exit(2) from None
    try:
        path = write_overview(ds, out)
    finally:
        ds.close()
    err.print(f"ditulis: {path}")


def register(app: typer.Typer) -> None:
    app.command(options_metavar="[OPSI]")(report)
