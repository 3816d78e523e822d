"""``lkjip compare``: one indicator, programme or desa across kecamatan and years."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

err = Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]galat:[/red] {message}")
    return typer.Exit(2)


def compare(
    dataset: Annotated[Path, typer.Argument(help="Dataset folder written by `lkjip ingest`.")],
    indikator: Annotated[str | None, typer.Option(help="Indicator key (indikator_kode), e.g. ikm.")] = None,
    program: Annotated[str | None, typer.Option(help="Programme, by name as printed or by its key.")] = None,
    desa: Annotated[str | None, typer.Option(help="One desa, by kode desa or name.")] = None,
    idm: Annotated[bool, typer.Option("--idm", help="Every desa of the instansi or kabupaten.")] = False,
    instansi: Annotated[
        str | None, typer.Option(help="Only this instansi, e.g. 'Kecamatan Anyar' or 'Anyar'.")
    ] = None,
    kabupaten: Annotated[str | None, typer.Option(help="Only the instansi of this kabupaten.")] = None,
    field: Annotated[
        str | None,
        typer.Option(
            help="What to compare: realisasi/target/capaian, realisasi/pagu/persen, nilai_idm/status_idm/iks/ike/ikl."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Also write the table: FILE.csv or FILE.xlsx.")
    ] = None,
) -> None:
    """Compare one indicator, programme or desa across instansi (rows) and years (columns).

    Prints a table; `--out` writes it as CSV, or as XLSX with a second sheet of every source row.
    A cell marked * was stated differently by another report (see panel_warnings).
    """
    from outputs.compare import Query, UnknownName
    from outputs.compare import compare as do_compare
    from outputs.panels import PanelDataset

    chosen = [n for n, v in (("indikator", indikator), ("program", program), ("desa", desa or idm)) if v]
    if len(chosen) != 1:
        raise _fail("pilih tepat satu dari --indikator, --program, --desa atau --idm.")
    if out is not None and out.suffix.lower() not in {".csv", ".xlsx"}:
        raise _fail(f"--out harus berakhiran .csv atau .xlsx, bukan '{out.name}'.")
    what = chosen[0]
    key = {"indikator": indikator, "program": program, "desa": desa}[what]
    try:
        ds = PanelDataset.open(dataset)
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from None
    try:
        result = do_compare(ds.panels(), Query(what, key, field, instansi, kabupaten))  # type: ignore[arg-type]
    except (UnknownName, ValueError) as exc:
        raise _fail(str(exc)) from None
    finally:
        ds.close()
    _print(result)
    if out is not None:
        _write(result, out)
        err.print(f"ditulis: {out}")


def _print(result: object) -> None:
    from outputs.compare import Comparison, cell_text

    assert isinstance(result, Comparison)
    years = [c for c in result.wide.columns if c not in result.labels]
    table = Table(title=result.title, show_lines=False)
    for c in result.labels:
        table.add_column(c)
    for y in years:
        table.add_column(y, justify="right")
    for i, row in enumerate(result.wide.itertuples(index=False, name=None)):
        cells = [cell_text(v) for v in row[: len(result.labels)]]
        for y, v in zip(years, row[len(result.labels) :], strict=True):
            text = result.text.get((i, y)) or cell_text(v)
            cells.append(f"{text} *" if (i, y) in result.restated else text)
        table.add_row(*cells)
    if result.restated:
        table.caption = "* angka ini dinyatakan berbeda oleh laporan lain (lihat panel_warnings)"
    Console().print(table)


def _write(result: object, out: Path) -> None:
    from outputs.compare import Comparison
    from outputs.exports import flat, frames_to_xlsx

    assert isinstance(result, Comparison)
    if out.suffix.lower() == ".csv":
        out.parent.mkdir(parents=True, exist_ok=True)
        flat(result.wide).to_csv(out, index=False)
    else:
        frames_to_xlsx({"perbandingan": result.wide, "sumber": result.sources}, out)


def register(app: typer.Typer) -> None:
    app.command()(compare)
