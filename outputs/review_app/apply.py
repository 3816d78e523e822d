"""Reviewer decisions applied to the dataset's tables: what exports, panels, ``compare`` and
``open_dataset()`` read.

The dataset's own tables keep what the pipeline extracted; the decisions are
applied when a table is read, by stable key (``keys.py``), to whatever the
latest ingest wrote. So every re-ingest, by this pipeline version or a newer
one, re-applies every decision, and one that no longer finds its row is
*orphaned*: listed with that status in ``corrections``, never dropped.

Columns a read adds (also when nothing was reviewed, so the shape never changes):

- ``iku``, ``anggaran``, ``idm``: ``corrected`` (a reviewer corrected a cell of the
  row), ``corrected_fields`` (which, comma-separated), ``table_no_data`` (a reviewer
  marked the row's table as no data);
- ``warnings``: ``review_status`` (``open``, ``confirmed``, ``dismissed``) and ``review_reason``;
- ``tables``: ``no_data``.

A corrected cell holds the corrected value; the printed text (``*_teks``) stays
as printed, and the value the pipeline read stays in ``corrections.extracted_value``.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from lkjip.outputs.dataset import Dataset
from lkjip.outputs.review_app.keys import (
    FAMILIES,
    Keys,
    match,
    rows_to_keys,
    tables_to_keys,
    warnings_to_keys,
)
from lkjip.outputs.review_app.store import CorrectionLog, Decision, Log
from lkjip.records import Report

#: fields a reviewer may correct, per family, and how a typed number is read (normalizers.numbers kinds)
NUMERIC_FIELDS: Final[dict[str, dict[str, str]]] = {
    "iku": {"target": "value", "realisasi": "value", "capaian": "percent"},
    "anggaran": {"pagu": "rupiah", "realisasi": "rupiah", "persen": "percent"},
    "idm": {"iks": "index", "ike": "index", "ikl": "index", "nilai_idm": "index"},
}
TEXT_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "iku": ("indikator", "sasaran", "satuan", "kategori", "indikator_kode"),
    "anggaran": ("kode", "uraian", "target_kinerja", "realisasi_kinerja"),
    "idm": ("kode_desa", "nama_desa", "status_idm"),
}
REVIEWED_TABLES: Final[tuple[str, ...]] = ("tables", *FAMILIES, "warnings")
REVIEW_COLUMNS: Final[dict[str, list[tuple[str, str]]]] = {
    **{f: [("corrected", "BOOLEAN"), ("corrected_fields", "VARCHAR"), ("table_no_data", "BOOLEAN")] for f in FAMILIES},
    "warnings": [("review_status", "VARCHAR"), ("review_reason", "VARCHAR")],
    "tables": [("no_data", "BOOLEAN")],
}
#: ``corrections``: every decision of the log, with its status against the dataset as it is now
CORRECTION_COLUMNS: Final[list[tuple[str, str]]] = [
    ("decision_id", "VARCHAR"),
    ("report_id", "VARCHAR"),
    ("source_file", "VARCHAR"),
    ("kind", "VARCHAR"),
    ("action", "VARCHAR"),
    ("table", "VARCHAR"),
    ("row", "VARCHAR"),
    ("field", "VARCHAR"),
    ("label", "VARCHAR"),
    ("page", "BIGINT"),
    ("printed_text", "VARCHAR"),
    ("extracted_value", "VARCHAR"),
    ("value", "VARCHAR"),
    ("value_teks", "VARCHAR"),
    ("reason", "VARCHAR"),
    ("reviewer", "VARCHAR"),
    ("created_at", "VARCHAR"),
    ("pipeline_version", "VARCHAR"),
    ("status", "VARCHAR"),
    ("current_row_index", "BIGINT"),
    ("current_table_id", "VARCHAR"),
    ("row_keys", "VARCHAR"),
]


def field_editable(family: str, name: str) -> bool:
    return name in NUMERIC_FIELDS.get(family, {}) or name in TEXT_FIELDS.get(family, ())


@dataclass
class ReportRows:
    """One report's current rows, each list in printed order, with their stable keys."""

    tables: list[dict[str, Any]]
    rows: dict[str, list[dict[str, Any]]]
    warnings: list[dict[str, Any]]
    table_keys: list[Keys] = field(init=False)
    row_keys: dict[str, list[Keys]] = field(init=False)
    warning_keys: list[Keys] = field(init=False)

    def __post_init__(self) -> None:
        self.table_keys = tables_to_keys(self.tables)
        self.row_keys = {f: rows_to_keys(f, self.rows.get(f, [])) for f in FAMILIES}
        self.warning_keys = warnings_to_keys(self.warnings, self.tables, self.row_keys)

    @classmethod
    def of_report(cls, report: Report) -> ReportRows:
        return cls(
            [t.model_dump() for t in report.tables],
            {f: [r.model_dump() for r in getattr(report, f)] for f in FAMILIES},
            [w.model_dump() for w in report.warnings],
        )

    @classmethod
    def of_frames(cls, frames: Mapping[str, pd.DataFrame], report_id: str) -> ReportRows:
        def rows(name: str) -> list[dict[str, Any]]:
            df = frames.get(name)
            if df is None or df.empty:
                return []
            part = df[df["report_id"] == report_id].sort_values("row_index", kind="stable")
            return [{str(k): v for k, v in r.items()} for r in part.to_dict("records")]

        return cls(rows("tables"), {f: rows(f) for f in FAMILIES}, rows("warnings"))


@dataclass(frozen=True)
class Resolved:
    decision: Decision
    status: str  # "applied", "orphaned", "superseded"; a missed table: "open" or "found"
    index: int | None = None  # position of the matched row / warning / table in its report's list
    table_id: str | None = None


def _matched(d: Decision, rows: ReportRows) -> tuple[int | None, str | None]:
    if d.kind == "cell":
        i = match(d.row_keys, rows.row_keys.get(d.table, []))
        return i, (str(rows.rows[d.table][i].get("table_id")) if i is not None else None)
    if d.kind == "warning":
        i = match(d.row_keys, rows.warning_keys)
        return i, (rows.warnings[i].get("table_id") if i is not None else None)
    i = match(d.row_keys, rows.table_keys)
    return i, (str(rows.tables[i].get("table_id")) if i is not None else None)


def _missed_found(d: Decision, rows: ReportRows) -> str | None:
    for t in rows.tables:
        pages = t.get("pages")
        if pages is not None and d.page in [int(p) for p in pages] and (not d.value or d.value == t.get("jenis")):
            return str(t.get("table_id"))
    return None


def resolve(log: Log, rows_of: Mapping[str, ReportRows]) -> list[Resolved]:
    """Given the log and the current rows of every report it names, return each decision with its status.

    The latest decision on a slot is the one in force; earlier ones are ``superseded``."""
    latest = {d.slot: i for i, d in enumerate(log.decisions)}
    out: list[Resolved] = []
    for i, d in enumerate(log.decisions):
        if latest[d.slot] != i:
            out.append(Resolved(d, "superseded"))
            continue
        rows = rows_of.get(d.report_id)
        if rows is None:
            out.append(Resolved(d, "open" if d.kind == "missed_table" else "orphaned"))
        elif d.kind == "missed_table":
            found = _missed_found(d, rows)
            out.append(Resolved(d, "found" if found else "open", None, found))
        else:
            index, table_id = _matched(d, rows)
            out.append(Resolved(d, "orphaned" if index is None else "applied", index, table_id))
    return out


# ---- the dataset, read with its decisions ---------------------------------------------------------
@dataclass
class ReviewState:
    resolved: list[Resolved]
    bad_lines: list[int]
    rows_of: dict[str, ReportRows]

    def in_force(self, report_id: str | None = None) -> list[Resolved]:
        return [
            r for r in self.resolved
            if r.status != "superseded" and (report_id is None or r.decision.report_id == report_id)
        ]  # fmt: skip


_STATES: weakref.WeakKeyDictionary[Dataset, tuple[tuple[Any, ...], ReviewState]] = weakref.WeakKeyDictionary()


def _log_stamp(log: CorrectionLog) -> tuple[int, int]:
    try:
        st = log.path.stat()
    except FileNotFoundError:
        return (0, 0)
    return (st.st_size, st.st_mtime_ns)


def review_state(ds: Dataset) -> ReviewState:
    """The decisions of ``ds``'s folder resolved against its current rows (cached until either changes)."""
    log_file = CorrectionLog(ds.root)
    stamp = (_log_stamp(log_file), ds.state())
    cached = _STATES.get(ds)
    if cached and cached[0] == stamp:
        return cached[1]
    log = log_file.read()
    ids = sorted({d.report_id for d in log.decisions})
    frames = {name: _rows_of_reports(ds, name, ids) for name in REVIEWED_TABLES} if ids else {}
    known = {r[0] for r in ds.con.execute("SELECT report_id FROM reports").fetchall()} if ids else set()
    rows_of = {rid: ReportRows.of_frames(frames, rid) for rid in ids if rid in known}
    state = ReviewState(resolve(log, rows_of), log.bad_lines, rows_of)
    _STATES[ds] = (stamp, state)
    return state


def _rows_of_reports(ds: Dataset, name: str, report_ids: Sequence[str]) -> pd.DataFrame:
    df = Dataset.table(ds, name)
    return df[df["report_id"].isin(report_ids)]


def _row_positions(df: pd.DataFrame) -> dict[tuple[str, int], Any]:
    return {(str(r), int(i)): ix for ix, r, i in zip(df.index, df["report_id"], df["row_index"], strict=True)}


def with_review(name: str, df: pd.DataFrame, state: ReviewState) -> pd.DataFrame:
    """Given a dataset table as stored and the review state, return it with the decisions applied."""
    out = df.copy()
    if name in FAMILIES:
        out["corrected"], out["corrected_fields"], out["table_no_data"] = False, None, False
    elif name == "warnings":
        out["review_status"], out["review_reason"] = "open", None
    elif name == "tables":
        out["no_data"] = False
    else:
        return out
    if out.empty:
        return out
    where = _row_positions(out)
    no_data: set[tuple[str, str]] = set()
    fields: dict[Any, list[str]] = {}
    for r in state.in_force():
        d = r.decision
        if r.status != "applied" or r.index is None:
            continue
        if d.kind == "table":
            if d.action == "no_data":
                no_data.add((d.report_id, str(r.table_id)))
            continue
        if (d.kind == "cell" and name != d.table) or (d.kind == "warning" and name != "warnings"):
            continue
        ix = where.get((d.report_id, r.index))
        if ix is None:
            continue
        if d.kind == "cell" and d.field:
            if d.field not in NUMERIC_FIELDS[name]:
                out[d.field] = out[d.field].astype(object)
            out.at[ix, d.field] = d.value
            fields.setdefault(ix, []).append(d.field)
        elif d.kind == "warning":
            status = {"confirm": "confirmed", "dismiss": "dismissed"}.get(d.action, "open")
            out.at[ix, "review_status"] = status
            out.at[ix, "review_reason"] = d.reason or None
    for ix, names in fields.items():
        out.at[ix, "corrected"] = True
        out.at[ix, "corrected_fields"] = ",".join(sorted(set(names)))
    if no_data:
        keys = list(zip(out["report_id"].astype(str), out["table_id"].astype(str), strict=True))
        flag = [k in no_data for k in keys]
        out["no_data" if name == "tables" else "table_no_data"] = flag
    for col, sql in REVIEW_COLUMNS[name]:
        out[col] = out[col].astype(bool) if sql == "BOOLEAN" else out[col].astype(object)
    return out


def reviewed_table(ds: Dataset, name: str) -> pd.DataFrame:
    """One dataset table with the reviewers' decisions applied (any other table as stored)."""
    df = Dataset.table(ds, name)
    if name not in REVIEW_COLUMNS:
        return df
    return with_review(name, df, review_state(ds))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def corrections_frame(state: ReviewState) -> pd.DataFrame:
    """Every decision of the log (superseded ones too), with its status now, as ``CORRECTION_COLUMNS``."""
    records = []
    for r in state.resolved:
        d = r.decision.model_dump()
        d.update(
            status=r.status,
            current_row_index=_current_row_index(r, state),
            current_table_id=r.table_id,
            row_keys=json.dumps(r.decision.row_keys, ensure_ascii=False),
            value=_text(d.get("value")),
            extracted_value=_text(d.get("extracted_value")),
        )
        records.append({c: d.get(c) for c, _ in CORRECTION_COLUMNS})
    df = pd.DataFrame(records, columns=[c for c, _ in CORRECTION_COLUMNS])
    df["page"] = pd.to_numeric(df["page"], errors="coerce").astype("Int64")
    df["current_row_index"] = pd.to_numeric(df["current_row_index"], errors="coerce").astype("Int64")
    return df


def _current_row_index(r: Resolved, state: ReviewState) -> int | None:
    rows = state.rows_of.get(r.decision.report_id)
    if r.index is None or rows is None:
        return None
    listed = {"cell": rows.rows.get(r.decision.table, []), "warning": rows.warnings, "table": rows.tables}
    items = listed.get(r.decision.kind, [])
    value = items[r.index].get("row_index") if r.index < len(items) else None
    return None if value is None else int(value)


def corrections_table(ds: Dataset) -> pd.DataFrame:
    return corrections_frame(review_state(ds))


def _stored_corrections_equal(ds: Dataset, df: pd.DataFrame) -> bool:
    names = {r[0] for r in ds.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "corrections" not in names or not (ds.root / "parquet" / "corrections.parquet").is_file():
        return False
    stored = ds.con.execute("SELECT * FROM corrections").df()
    if list(stored.columns) != list(df.columns) or len(stored) != len(df):
        return False
    return bool(stored.astype(object).where(stored.notna(), None).values.tolist()
                == df.astype(object).where(df.notna(), None).values.tolist())


def materialise_corrections(ds: Dataset) -> int:
    """Copy the log with each decision's status into the DuckDB table ``corrections`` and
    ``parquet/corrections.parquet`` (only for a dataset that has decisions, and only when that changed
    them); return how many were written."""
    if not CorrectionLog(ds.root).exists():
        return 0
    df = corrections_table(ds)
    if _stored_corrections_equal(ds, df):
        return 0  # an ingest that changed nothing, and no decision since: the dataset stays untouched
    ddl = ", ".join(f'"{c}" {t}' for c, t in CORRECTION_COLUMNS)
    names = ", ".join(f'"{c}"' for c, _ in CORRECTION_COLUMNS)
    ds.con.execute("BEGIN TRANSACTION")
    try:
        ds.con.execute(f"CREATE OR REPLACE TABLE corrections ({ddl})")
        if len(df):
            ds.con.register("_lkjip_corrections", df)
            ds.con.execute(f"INSERT INTO corrections ({names}) SELECT {names} FROM _lkjip_corrections")
            ds.con.unregister("_lkjip_corrections")
        ds.con.execute("COMMIT")
    except Exception:
        ds.con.execute("ROLLBACK")
        raise
    out_dir = ds.root / "parquet"
    out_dir.mkdir(exist_ok=True)
    tmp = out_dir / ".corrections.parquet.tmp"
    ds.con.execute(f"COPY (SELECT * FROM corrections) TO '{tmp}' (FORMAT parquet)")
    tmp.replace(out_dir / "corrections.parquet")
    return len(df)
