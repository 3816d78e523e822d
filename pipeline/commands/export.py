"""``lkjip export``: a dataset's tables and panels as CSV, XLSX, Parquet or SQLite."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

err = Console(stderr=True)
# a file export's name must say its kind: the tools that open it go by the suffix
SUFFIXES = {"xlsx": (".xlsx",), "sqlite": (".sqlite", ".db", ".sqlite3")}


def export(
    dataset: Annotated[Path, typer.Argument(metavar="DATASET", help="Folder dataset hasil `lkjip ingest`.")],
    fmt: Annotated[
        Literal["csv", "xlsx", "parquet", "sqlite"],
        typer.Option(
            "--format", "-f", metavar="FORMAT",
            help="csv (satu berkas per tabel), xlsx (satu lembar per tabel), parquet, atau sqlite "
            "(satu basis data, untuk Datasette).",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", metavar="TUJUAN",
            help="Folder untuk csv/parquet, BERKAS.xlsx untuk xlsx, BERKAS.sqlite untuk sqlite.",
        ),
    ],
) -> None:
    """Ekspor setiap tabel dan panel DATASET: CSV per tabel, XLSX satu lembar per tabel, Parquet, atau SQLite."""
    from lkjip.outputs.exports import export_dataset
    from lkjip.outputs.panels import PanelDataset

    wanted = SUFFIXES.get(fmt)
    if wanted and out.suffix.lower() not in wanted:
        err.print(
            f"[red]galat:[/red] untuk --format {fmt}, --out harus berakhiran {' atau '.join(wanted)}, "
            f"bukan '{out.name}'."
        )
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
    app.command(options_metavar="[OPSI]")(export)
