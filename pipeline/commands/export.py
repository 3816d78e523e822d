"""``lkjip export``: a dataset's tables and panels as CSV, XLSX or Parquet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

err = Console(stderr=True)


def export(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder written by `lkjip ingest`.")],
    fmt: Annotated[
        Literal["csv", "xlsx", "parquet"],
        typer.Option("--format", "-f", help="csv (a file per table), xlsx (a sheet per table) or parquet."),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for csv/parquet, FILE.xlsx for xlsx.")],
) -> None:
    """Export every table and panel of DATASET (CSV per table, XLSX one sheet per table, or Parquet)."""
    from outputs.exports import export_dataset
    from outputs.panels import PanelDataset

    if fmt == "xlsx" and out.suffix.lower() != ".xlsx":
        err.print(f"[red]galat:[/red] untuk --format xlsx, --out harus berakhiran .xlsx, bukan '{out.name}'.")
        raise typer.Exit(2)
    try:
        ds = PanelDataset.open(dataset)
    except FileNotFoundError as exc:
        err.print(f"[red]galat:[/red] {exc}")
        raise typer.Exit(2) from None
    try:
        written = export_dataset(ds, fmt, out)
    finally:
        ds.close()
    err.print(f"{len(written)} berkas ditulis → {out}")


def register(app: typer.Typer) -> None:
    app.command()(export)
