"""The dataset: an embedded DuckDB file plus one Parquet file per table.

Layout of a dataset folder::

    lkjip.duckdb          all tables, the source of truth
    parquet/<table>.parquet   exports for pandas, Dask, Spark (rewritten when something changed)
    reviews/              review pages (written by later stages)

Each report lands in one transaction that first deletes that report's rows
(by ``report_id``, and any earlier version of the same source path), so
re-ingesting a changed file replaces its rows and an unchanged file is
never written twice. The ``reports`` table doubles as the manifest of what
was ingested, from which file, by which pipeline version.

Crash safety: a process killed mid-write leaves DuckDB at its last committed
report (its WAL is replayed on the next open). Each Parquet file is written
to a temporary name and renamed; ``parquet/.state`` records which database
state the files show and is written last, so an export cut short is redone
by the next run even when nothing else changed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from lkjip.records import Report
from outputs.quality import quality
from outputs.schema import ROW_INDEX, TABLES, cell, ddl, table_columns

DB_NAME = "lkjip.duckdb"
PARQUET_STATE = ".state"


class Dataset:
    def __init__(self, root: Path, con: duckdb.DuckDBPyConnection) -> None:
        self.root = root
        self.con = con

    @classmethod
    def create(cls, root: Path | str) -> Dataset:
        """Open a dataset folder for writing, creating it and its tables when missing."""
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(root / DB_NAME))
        for table in TABLES:
            con.execute(ddl(table))
            # a dataset made by an earlier version lacks the fields added since (fields are only ever added)
            for name, sql_type in table_columns(table):
                con.execute(f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{name}" {sql_type}')
        return cls(root, con)

    @classmethod
    def open(cls, root: Path | str) -> Dataset:
        """Open an existing dataset read-only."""
        root = Path(root)
        db = root / DB_NAME if root.is_dir() else root
        if not db.exists():
            raise FileNotFoundError(f"no dataset at {root} (expected {DB_NAME}); run `lkjip ingest` first")
        return cls(db.parent, duckdb.connect(str(db), read_only=True))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading -------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """One dataset table as a pandas DataFrame."""
        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}; tables are {', '.join(TABLES)}")
        return self.con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').df()

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)

    def known(self) -> dict[str, tuple[str, str | None]]:
        """source_path -> (report_id, pipeline_version) of every ingested report."""
        rows = self.con.execute("SELECT source_path, report_id, pipeline_version FROM reports").fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def counts(self) -> dict[str, int]:
        return {t: int(self.con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in TABLES}  # type: ignore[index]

    # ---- writing -------------------------------------------------------
    def write_report(self, report: Report, source_path: str) -> None:
        """Replace whatever the dataset holds for this report or this source path, in one transaction."""
        rid = report.report.report_id
        self.con.execute("BEGIN TRANSACTION")
        try:
            old = [r[0] for r in self.con.execute(
                "SELECT report_id FROM reports WHERE source_path = ? OR report_id = ?", [source_path, rid]
            ).fetchall()]
            for table in TABLES:
                for old_id in {*old, rid}:
                    self.con.execute(f'DELETE FROM "{table}" WHERE report_id = ?', [old_id])
            for table, rows in _rows_of(report, source_path):
                if rows:
                    self._insert(table, rows)
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

    def _insert(self, table: str, rows: list[list[Any]]) -> None:
        """Insert rows in one statement through Arrow (``executemany`` costs about 1 ms a row)."""
        spec = table_columns(table)
        batch = pa.table({c: [r[k] for r in rows] for k, (c, _) in enumerate(spec)})
        names = ", ".join(f'"{c}"' for c, _ in spec)
        casts = ", ".join(f'CAST("{c}" AS {t}) AS "{c}"' for c, t in spec)
        self.con.register("_batch", batch)
        try:
            self.con.execute(f'INSERT INTO "{table}" ({names}) SELECT {casts} FROM _batch')
        finally:
            self.con.unregister("_batch")

    def state(self) -> str:
        """A fingerprint of the database content: every write_report changes it (new ingested_at)."""
        row = self.con.execute(
            "SELECT count(*), coalesce(sum(hash(report_id, source_path, ingested_at)), 0) FROM reports"
        ).fetchone()
        return f"{row[0]}:{row[1]}" if row else "0:0"

    def parquet_is_current(self) -> bool:
        """True when parquet/ holds every table as the database holds it now (an export completed)."""
        out_dir = self.root / "parquet"
        try:
            recorded = (out_dir / PARQUET_STATE).read_text()
        except OSError:
            return False
        return recorded == self.state() and all((out_dir / f"{t}.parquet").is_file() for t in TABLES)

    def export_parquet(self) -> list[Path]:
        """Write every table to parquet/<table>.parquet atomically (temporary file, then rename),
        then record the database state they show."""
        out_dir = self.root / "parquet"
        out_dir.mkdir(exist_ok=True)
        (out_dir / PARQUET_STATE).unlink(missing_ok=True)
        written: list[Path] = []
        for table in TABLES:
            final = out_dir / f"{table}.parquet"
            tmp = out_dir / f".{table}.parquet.tmp"
            order = "report_id" if table == "reports" else f"report_id, {ROW_INDEX}"
            self.con.execute(f"COPY (SELECT * FROM \"{table}\" ORDER BY {order}) TO '{tmp}' (FORMAT parquet)")
            os.replace(tmp, final)
            written.append(final)
        tmp_state = out_dir / f"{PARQUET_STATE}.tmp"
        tmp_state.write_text(self.state())
        os.replace(tmp_state, out_dir / PARQUET_STATE)
        return written


def _rows_of(report: Report, source_path: str) -> Iterable[tuple[str, list[list[Any]]]]:
    rid = report.report.report_id
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for table, (_, attr) in TABLES.items():
        cols = table_columns(table)
        if table == "reports":
            rec = report.report.model_dump()
            rec.update(source_path=source_path, ingested_at=now, **quality(report))
            yield table, [[cell(rec[c], t) for c, t in cols]]
            continue
        rows: list[list[Any]] = []
        for i, item in enumerate(getattr(report, attr)):
            rec = item.model_dump()
            rec.update(report_id=rid, row_index=i)
            rows.append([cell(rec[c], t) for c, t in cols])
        yield table, rows
