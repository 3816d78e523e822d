"""What the review app shows, read from the dataset folder: a snapshot of its tables with the decisions applied.

The app never keeps the DuckDB file open: ``lkjip ingest`` needs its write lock,
and DuckDB lets no process open a file another one writes. Each snapshot opens
the file read-only, reads every table, and closes it; it is kept until the
database file or the decision log changes. While an ingest holds the file the
app shows the last snapshot it read, marked ``stale`` (a decision saved then is
keyed by the rows of that snapshot, which its stable keys find again after the
ingest); with none yet it answers "busy" (``DatasetBusy``).

Page images come only from the source file the dataset recorded for a report
(``reports.source_path``), and only when that file's sha256 is still the
report's id: no path from a request is ever opened.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import threading
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import duckdb
import pandas as pd
import pypdfium2 as pdfium
from pydantic import BaseModel

from lkjip.outputs._review_crops import Crop, PageImages, warning_crops
from lkjip.outputs.dataset import DB_NAME, Dataset
from lkjip.outputs.review_app.apply import REVIEWED_TABLES, ReportRows, ReviewState, review_state, with_review
from lkjip.outputs.review_app.store import LOG_NAME
from lkjip.records import AnggaranRow, IdmRow, IkuRow, Report, ReportMeta, TableInfo, Warning

#: width in pixels of a page image beside a table
PAGE_WIDTH: Final[int] = 900
_JSON_FIELDS: Final[frozenset[str]] = frozenset({"expected", "found", "ocr_konfidensi", "koreksi"})


class DatasetBusy(RuntimeError):
    """The DuckDB file is being written (an ingest holds its lock)."""


@dataclass
class Snapshot:
    reports: pd.DataFrame  # one row per report, with ``n_open_warnings`` and ``n_decisions``
    raw: dict[str, pd.DataFrame]  # tables as the pipeline wrote them
    reviewed: dict[str, pd.DataFrame]  # the same with the decisions applied
    state: ReviewState
    stale: bool = False  # the database was being written: this is what it held before

    def report(self, report_id: str) -> dict[str, Any] | None:
        hit = self.reports[self.reports["report_id"] == report_id]
        return None if hit.empty else {str(k): clean(v) for k, v in hit.iloc[0].to_dict().items()}

    def rows(self, name: str, report_id: str, reviewed: bool = True) -> list[dict[str, Any]]:
        df = (self.reviewed if reviewed else self.raw)[name]
        part = df[df["report_id"] == report_id].sort_values("row_index", kind="stable")
        return [{str(k): clean(v) for k, v in r.items()} for r in part.to_dict("records")]

    def report_rows(self, report_id: str) -> ReportRows:
        """The report's rows as extracted, with their stable keys (what a new decision is keyed by)."""
        return self.state.rows_of.get(report_id) or ReportRows.of_frames(self.raw, report_id)


def clean(value: Any) -> Any:
    """A DataFrame cell as plain Python: None for missing, lists for arrays."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def _stamp(root: Path) -> tuple[tuple[int, int], ...]:
    out = []
    for name in (DB_NAME, f"{DB_NAME}.wal", LOG_NAME):
        try:
            st = (root / name).stat()
            out.append((st.st_size, st.st_mtime_ns))
        except FileNotFoundError:
            out.append((0, 0))
    return tuple(out)


class DatasetView:
    """The dataset folder the app serves; ``snapshot()`` gives its current content."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._cached: tuple[tuple[tuple[int, int], ...], Snapshot] | None = None

    def snapshot(self) -> Snapshot:
        with self._lock:
            stamp = _stamp(self.root)
            if self._cached and self._cached[0] == stamp:
                return self._cached[1]
            try:
                ds = Dataset.open(self.root)
            except duckdb.IOException as exc:  # another process (an ingest) holds the write lock
                if self._cached is None:
                    raise DatasetBusy(str(exc)) from exc
                return replace(self._cached[1], stale=True)
            try:
                snap = _read(ds)
            finally:
                ds.close()
            self._cached = (stamp, snap)
            return snap


def _read(ds: Dataset) -> Snapshot:
    raw = {name: ds.table(name) for name in ("reports", *REVIEWED_TABLES)}
    state = review_state(ds)
    reviewed = {name: with_review(name, raw[name], state) for name in REVIEWED_TABLES}
    reports = raw["reports"].copy()
    w = reviewed["warnings"]
    open_counts = w[w["review_status"] == "open"].groupby("report_id").size()
    reports["n_warnings"] = reports["report_id"].map(w.groupby("report_id").size()).fillna(0).astype(int)
    reports["n_open_warnings"] = reports["report_id"].map(open_counts).fillna(0).astype(int)
    decided = pd.Series([r.decision.report_id for r in state.in_force()], dtype=object).value_counts()
    reports["n_decisions"] = reports["report_id"].map(decided).fillna(0).astype(int)
    return Snapshot(reports, raw, reviewed, state)


# ---- the report as records, for the crops of _review_crops ---------------------------------------
def _record(model: type[BaseModel], row: dict[str, Any]) -> Any:
    values = {}
    for name in model.model_fields:
        if name not in row:
            continue
        v = clean(row[name])
        if name in _JSON_FIELDS and isinstance(v, str):
            v = json.loads(v)
        if v is not None:
            values[name] = v
    return model.model_validate(values)


def report_of(snap: Snapshot, report_id: str) -> Report:
    """The report as the pipeline extracted it (records of ``lkjip.records``), rebuilt from the dataset."""
    meta = snap.report(report_id) or {"report_id": report_id, "source_file": "?"}
    return Report(
        report=_record(ReportMeta, meta),
        tables=[_record(TableInfo, r) for r in snap.rows("tables", report_id, reviewed=False)],
        iku=[_record(IkuRow, r) for r in snap.rows("iku", report_id, reviewed=False)],
        anggaran=[_record(AnggaranRow, r) for r in snap.rows("anggaran", report_id, reviewed=False)],
        idm=[_record(IdmRow, r) for r in snap.rows("idm", report_id, reviewed=False)],
        warnings=[_record(Warning, r) for r in snap.rows("warnings", report_id, reviewed=False)],
    )


@lru_cache(maxsize=256)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def source_pdf(meta: dict[str, Any]) -> Path | None:
    """The report's source PDF, when the dataset recorded one and it still holds the same bytes."""
    if meta.get("format") != "pdf" or not meta.get("source_path"):
        return None
    path = Path(str(meta["source_path"]))
    try:
        st = path.stat()
    except OSError:
        return None
    if not path.is_file() or _sha256(str(path), st.st_size, st.st_mtime_ns) != meta.get("report_id"):
        return None
    return path


@lru_cache(maxsize=32)
def _crops(report_id: str, path: str, state: str, report_json: str) -> dict[int, Crop]:
    return warning_crops(Report.model_validate_json(report_json), Path(path))


def crops_of(snap: Snapshot, report_id: str) -> dict[int, Crop]:
    """Crops of the page around each warning's figure (by warning position), for a PDF report."""
    meta = snap.report(report_id)
    pdf = source_pdf(meta) if meta else None
    if pdf is None or meta is None:
        return {}
    report = report_of(snap, report_id)
    return _crops(report_id, str(pdf), str(meta.get("ingested_at")), report.model_dump_json())


@lru_cache(maxsize=64)
def _page_png(path: str, mtime_ns: int, page: int) -> bytes:
    pdf = pdfium.PdfDocument(path)
    try:
        image = PageImages(pdf).get(page)
    finally:
        pdf.close()
    image.thumbnail((PAGE_WIDTH, PAGE_WIDTH * 2))
    buf = io.BytesIO()
    # 64 colours: a printed page stays legible at a fifth of the bytes
    image.quantize(colors=64).save(buf, format="PNG", compress_level=6)
    return buf.getvalue()


def page_png(meta: dict[str, Any], page: int) -> bytes | None:
    """One page of the report's source PDF as a PNG, or None (not a PDF, gone, changed, no such page)."""
    pdf = source_pdf(meta)
    pages = meta.get("pages")
    if pdf is None or not isinstance(pages, int) or not 1 <= page <= pages:
        return None
    return _page_png(str(pdf), pdf.stat().st_mtime_ns, page)
