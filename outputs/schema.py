"""Dataset tables: one per family, columns taken from the contract records plus ``report_id``.

Every table but ``reports`` also repeats, beside ``report_id``, the report's
instansi, kabupaten, year and file name (``CONTEXT``), so a table or sheet read
alone (in Excel, Datasette, a Parquet file) says whose row it is.
"""

from __future__ import annotations

import json
import types
import typing
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from lkjip.outputs.quality import QUALITY_COLUMNS
from lkjip.records import AnggaranRow, ErrorItem, IdmRow, IkuRow, ReportMeta, TableInfo, Warning

# dataset table -> (record model, the Report attribute holding its rows)
TABLES: dict[str, tuple[type[BaseModel], str]] = {
    "reports": (ReportMeta, "report"),
    "tables": (TableInfo, "tables"),
    "iku": (IkuRow, "iku"),
    "anggaran": (AnggaranRow, "anggaran"),
    "idm": (IdmRow, "idm"),
    "warnings": (Warning, "warnings"),
    "errors": (ErrorItem, "errors"),
}
# extra columns the dataset adds to every row of a family table
ROW_INDEX = "row_index"
# (column, SQL type, the ReportMeta field it repeats) of every row of a table other than ``reports``
CONTEXT: list[tuple[str, str, str]] = [
    ("instansi", "VARCHAR", "instansi"),
    ("kabupaten", "VARCHAR", "kabupaten"),
    ("tahun", "BIGINT", "tahun"),
    ("source_file", "VARCHAR", "source_file"),
]
# a table whose record already has a field of a context name keeps it (the contract's meaning) and
# takes the report's under another name: an idm row's ``tahun`` is the IDM year
CONTEXT_RENAMED: dict[str, str] = {"tahun": "report_tahun"}


def _sql_type(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _sql_type(args[0]) if len(args) == 1 else "VARCHAR"
    if origin is Literal:
        return "VARCHAR"
    if origin in (list, typing.List):  # noqa: UP006
        (inner,) = get_args(annotation)
        return f"{_sql_type(inner)}[]"
    return {str: "VARCHAR", int: "BIGINT", float: "DOUBLE", bool: "BOOLEAN"}.get(annotation, "JSON")


def columns(model: type[BaseModel]) -> list[tuple[str, str]]:
    """Given a record model, return (column, SQL type) in field order."""
    return [(name, _sql_type(f.annotation)) for name, f in model.model_fields.items()]


def context_columns(table: str) -> list[tuple[str, str, str]]:
    """Given a table, return the (column, SQL type, ReportMeta field) its rows repeat from their report."""
    if table == "reports":
        return []
    own = TABLES[table][0].model_fields
    return [(CONTEXT_RENAMED.get(c, c) if c in own else c, t, f) for c, t, f in CONTEXT]


def table_columns(table: str) -> list[tuple[str, str]]:
    model, _ = TABLES[table]
    cols = columns(model)
    if table == "reports":
        return [*cols, ("source_path", "VARCHAR"), ("ingested_at", "TIMESTAMP"), *QUALITY_COLUMNS]
    context = [(c, t) for c, t, _ in context_columns(table)]
    return [("report_id", "VARCHAR"), *context, (ROW_INDEX, "BIGINT"), *cols]


def ddl(table: str) -> str:
    cols = ", ".join(f'"{n}" {t}' for n, t in table_columns(table))
    return f'CREATE TABLE IF NOT EXISTS "{table}" ({cols})'


def cell(value: Any, sql_type: str) -> Any:
    """A record value as stored: JSON columns hold JSON text."""
    if sql_type == "JSON":
        return None if value is None else json.dumps(value, ensure_ascii=False)
    return value
