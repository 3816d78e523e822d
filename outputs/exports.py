"""Exports of a dataset: CSV per table, one XLSX workbook (a sheet per table), Parquet per table,
one SQLite database (a table per table, for Datasette, sqlite3 and every SQL tool).

Every dataset table and every panel is exported. CSV and Parquet go to a
folder (``<table>.csv`` / ``<table>.parquet``); XLSX is one file whose sheets
keep their types (numbers as numbers, years and pages as integers, booleans,
timestamps) with a bold, frozen header row and a filter. SQLite is one file:
typed columns (INTEGER, REAL, TEXT; booleans 0/1, timestamps ISO text),
``reports.report_id`` its primary key and every other table's ``report_id`` a
foreign key to it (Datasette links each row to its report), indexed. List
columns (``path`` of budget rows, ``header`` of tables) are written as JSON
text in CSV, XLSX and SQLite. Files are written to a temporary name and
renamed, so an interrupted export never leaves half a file under the final name.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from lkjip.outputs.dataset import Dataset
from lkjip.outputs.panels import PANEL_COLUMNS, build_panels
from lkjip.outputs.review_app.apply import CORRECTION_COLUMNS, corrections_table, reviewed_table
from lkjip.outputs.review_app.store import CorrectionLog
from lkjip.outputs.schema import TABLES, table_columns

ExportFormat = Literal["csv", "xlsx", "parquet", "sqlite"]
FORMATS: Final[tuple[str, ...]] = ("csv", "xlsx", "parquet", "sqlite")
XLSX_MAX_CELL: Final[int] = 32_767  # Excel's limit on characters in one cell
XLSX_MAX_WIDTH: Final[int] = 60


def dataset_frames(ds: Dataset) -> dict[str, pd.DataFrame]:
    """Every table of the dataset with the reviewers' decisions applied, then every panel, then (for a
    dataset someone reviewed) ``corrections``, every decision with its status, as DataFrames."""
    frames = {name: reviewed_table(ds, name) for name in TABLES}
    frames.update(build_panels(ds))
    if CorrectionLog(ds.root).exists():
        frames["corrections"] = corrections_table(ds)
    return frames


def _json_text(value: Any) -> Any:
    if isinstance(value, list | tuple | dict | np.ndarray):
        seq = value.tolist() if isinstance(value, np.ndarray) else value
        return json.dumps(seq, ensure_ascii=False)
    return value


def flat(df: pd.DataFrame) -> pd.DataFrame:
    """List and dict cells as JSON text (for CSV and XLSX, which have no list type)."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(_json_text)
    return out


def _atomic(final: Path, write: Callable[[Path], None]) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.with_name(f".{final.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    return final


def frames_to_csv(frames: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """One UTF-8 CSV per frame in ``folder``."""
    written: list[Path] = []
    for name, df in frames.items():
        table = flat(df)

        def write(p: Path, table: pd.DataFrame = table) -> None:
            table.to_csv(p, index=False)

        written.append(_atomic(folder / f"{name}.csv", write))
    return written


def frames_to_parquet(frames: dict[str, pd.DataFrame], folder: Path) -> list[Path]:
    """One Parquet file per frame in ``folder`` (list columns stay lists)."""
    written: list[Path] = []
    for name, df in frames.items():

        def write(p: Path, df: pd.DataFrame = df) -> None:
            df.to_parquet(p, index=False)

        written.append(_atomic(folder / f"{name}.parquet", write))
    return written


def xlsx_value(value: Any) -> Any:
    """A DataFrame cell as openpyxl writes it: typed, empty for missing, text cleaned of control characters."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, dt.datetime | dt.date):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(_json_text(value)))
    return text[:XLSX_MAX_CELL]


def _number_format(series: pd.Series) -> str | None:
    kind = series.dtype.kind
    if kind in "iu" or str(series.dtype) == "Int64":
        return "0"
    if kind == "f":
        return "#,##0.####"
    if kind == "M":
        return "yyyy-mm-dd hh:mm:ss"
    return None


def frames_to_xlsx(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """One workbook, a sheet per frame: typed cells, bold frozen header row, autofilter."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    bold = Font(bold=True)
    for name, df in frames.items():
        ws = wb.create_sheet(title=name[:31])
        ws.append([str(c) for c in df.columns])
        for cell in ws[1]:
            cell.font = bold
        for row in df.itertuples(index=False, name=None):
            ws.append([xlsx_value(v) for v in row])
        for i, col in enumerate(df.columns, start=1):
            letter = get_column_letter(i)
            fmt = _number_format(df[col])
            if fmt and len(df):
                for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = fmt
            longest = max([len(str(col)), *(len(str(v)) for v in df[col].head(200).tolist())])
            ws.column_dimensions[letter].width = min(XLSX_MAX_WIDTH, longest + 2)
        ws.freeze_panes = "A2"
        if len(df.columns):
            ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{max(len(df), 1) + 1}"
    return _atomic(path, lambda p: wb.save(p))


def _sqlite_type(sql_type: str | None, series: pd.Series) -> str:
    """A dataset column's SQLite type: from its DuckDB type when known, else from the frame's dtype."""
    if sql_type in ("BIGINT", "BOOLEAN") or (sql_type is None and series.dtype.kind in "iub"):
        return "INTEGER"
    if sql_type == "DOUBLE" or (sql_type is None and series.dtype.kind == "f"):
        return "REAL"
    return "TEXT"  # VARCHAR, TIMESTAMP (ISO text), JSON and lists (JSON text)


def sqlite_value(value: Any) -> Any:
    """A DataFrame cell as SQLite stores it: None for missing, 0/1, ISO timestamps, JSON text for lists."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, bool | np.bool_ | int | np.integer):
        return int(value)
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _json_text(value)
    return text if isinstance(text, str) else str(text)


def _declared_types(name: str) -> dict[str, str]:
    if name in TABLES:
        return dict(table_columns(name))
    if name == "corrections":
        return dict(CORRECTION_COLUMNS)
    return dict(PANEL_COLUMNS.get(name, []))


def frames_to_sqlite(frames: dict[str, pd.DataFrame], path: Path) -> Path:
    """One SQLite database, a table per frame; ``report_id`` keys every table to ``reports``."""

    def write(p: Path) -> None:
        p.unlink(missing_ok=True)
        con = sqlite3.connect(p)
        try:
            for name, df in frames.items():
                declared = _declared_types(name)
                cols = []
                for col in df.columns:
                    sql = f'"{col}" {_sqlite_type(declared.get(str(col)), df[col])}'
                    if str(col).endswith("report_id"):  # pembanding_report_id of panel_warnings too
                        sql += " PRIMARY KEY" if name == "reports" else " REFERENCES reports(report_id)"
                    cols.append(sql)
                con.execute(f'CREATE TABLE "{name}" ({", ".join(cols)})')
                marks = ", ".join("?" * len(df.columns))
                con.executemany(
                    f'INSERT INTO "{name}" VALUES ({marks})',
                    ([sqlite_value(v) for v in row] for row in df.itertuples(index=False, name=None)),
                )
                if name != "reports" and "report_id" in df.columns:
                    con.execute(f'CREATE INDEX "{name}_report_id" ON "{name}" (report_id)')
            con.commit()
        finally:
            con.close()

    return _atomic(path, write)


def export_dataset(ds: Dataset, fmt: ExportFormat, out: Path) -> list[Path]:
    """Export every table and panel of ``ds``: CSV or Parquet files in folder ``out``, or the XLSX or SQLite
    file ``out``."""
    frames = dataset_frames(ds)
    if fmt == "csv":
        return frames_to_csv(frames, out)
    if fmt == "parquet":
        return frames_to_parquet(frames, out)
    if fmt == "xlsx":
        return [frames_to_xlsx(frames, out)]
    if fmt == "sqlite":
        return [frames_to_sqlite(frames, out)]
    raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
