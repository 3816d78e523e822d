"""``lkjip report``: a static HTML overview of a dataset, with charts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

err = Console(stderr=True)


def report(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder written by `lkjip ingest`.")],
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Folder for index.html (e.g. the dataset folder itself).")
    ],
) -> None:
    """Write OUT/index.html: indicator trends, capaian distribution, budget realisation per programme,
    IDM status per desa and the reports ranked by warnings, each linking to its review page.

    One self-contained file: inline SVG charts, no script, no network.
    """
    from outputs.overview import write_overview
    from outputs.panels import PanelDataset

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
    app.command()(report)
