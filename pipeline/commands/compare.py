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
    dataset: Annotated[
        Path, typer.Argument(metavar="DATASET", help="Folder dataset hasil `lkjip ingest`.")
    ],
    indikator: Annotated[
        str | None, typer.Option(metavar="KODE", help="Kunci indikator (indikator_kode), mis. ikm.")
    ] = None,
    program: Annotated[
        str | None, typer.Option(metavar="NAMA", help="Program, dengan nama seperti tercetak atau kuncinya.")
    ] = None,
    desa: Annotated[str | None, typer.Option(metavar="DESA", help="Satu desa, dengan kode desa atau namanya.")] = None,
    idm: Annotated[bool, typer.Option("--idm", help="Semua desa instansi atau kabupaten itu.")] = False,
    instansi: Annotated[
        str | None, typer.Option(metavar="NAMA", help="Hanya instansi ini, mis. 'Kecamatan Anyar' atau 'Anyar'.")
    ] = None,
    kabupaten: Annotated[
        str | None, typer.Option(metavar="NAMA", help="Hanya instansi di kabupaten ini.")
    ] = None,
    field: Annotated[
        str | None,
        typer.Option(
            metavar="KOLOM",
            help="Yang dibandingkan: realisasi/target/capaian, realisasi/pagu/persen, "
            "nilai_idm/status_idm/iks/ike/ikl.",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", metavar="BERKAS", help="Tulis juga tabelnya: BERKAS.csv atau BERKAS.xlsx."),
    ] = None,
) -> None:
    """Bandingkan satu indikator, program atau desa antarinstansi (baris) dan antartahun (kolom).

    Mencetak tabel; `--out` menulisnya sebagai CSV, atau XLSX dengan lembar kedua berisi setiap baris sumber.
    Sel bertanda * dinyatakan berbeda oleh laporan lain (lihat panel_warnings).
    """
    from lkjip.outputs.compare import Query, UnknownName
    from lkjip.outputs.compare import compare as do_compare
    from lkjip.outputs.panels import PanelDataset

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
    from lkjip.outputs.compare import Comparison, cell_text

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
            text += " †" if (i, y) in result.corrected else ""
            cells.append(f"{text} *" if (i, y) in result.restated else text)
        table.add_row(*cells)
    notes = ["* angka ini dinyatakan berbeda oleh laporan lain (lihat panel_warnings)"] if result.restated else []
    if result.corrected:
        notes.append("† angka ini dikoreksi peninjau (lihat tabel corrections)")
    if notes:
        table.caption = "\n".join(notes)
    Console().print(table)


def _write(result: object, out: Path) -> None:
    from lkjip.outputs.compare import Comparison
    from lkjip.outputs.exports import flat, frames_to_xlsx

    assert isinstance(result, Comparison)
    if out.suffix.lower() == ".csv":
        out.parent.mkdir(parents=True, exist_ok=True)
        flat(result.wide).to_csv(out, index=False)
    else:
        frames_to_xlsx({"perbandingan": result.wide, "sumber": result.sources}, out)


def register(app: typer.Typer) -> None:
    app.command(options_metavar="[OPSI]")(compare)
