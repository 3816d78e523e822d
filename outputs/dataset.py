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

Any DuckDB opens it: the file is written in DuckDB's v1.0.0 storage format
(``STORAGE_VERSION``), which DuckDB 1.0 and every later release read (the
released CLI among them), not in the newest format the installed DuckDB could
write. A dataset an earlier lkjip wrote in a newer format is rewritten in it
(to a temporary file, then renamed) the next time it is opened for writing.

Crash safety: a process killed mid-write leaves DuckDB at its last committed
report (its WAL is replayed on the next open). Each Parquet file is written
to a temporary name and renamed; ``parquet/.state`` records which database
state the files show and is written last, so an export cut short is redone
by the next run even when nothing else changed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from lkjip.outputs.quality import quality
from lkjip.outputs.schema import ROW_INDEX, TABLES, cell, context_columns, ddl, table_columns
from lkjip.records import Report

DB_NAME = "lkjip.duckdb"
PARQUET_STATE = ".state"
# the storage format the dataset is written in: DuckDB 1.0 (June 2024) and every later release read it
STORAGE_VERSION = "v1.0.0"


@dataclass(frozen=True)
class Ingested:
    """What the dataset holds of one report: where its file was, under which name, by which pipeline."""

    source_path: str
    source_file: str
    pipeline_version: str | None


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _version_tuple(tag: str) -> tuple[int, ...]:
    """'v1.0.0+' -> (1, 0, 0)."""
    return tuple(int(part) for part in re.findall(r"\d+", tag)[:3])


def storage_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The storage format of the connection's database file, as DuckDB tags it ('v1.0.0+'), when it says."""
    try:
        row = con.execute(
            "SELECT tags FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()
    except duckdb.Error:  # a DuckDB older than its storage tags writes an old format anyway
        return None
    tags = row[0] if row else None
    return tags.get("storage_version") if isinstance(tags, dict) else None


def _connect_writable(db: Path) -> duckdb.DuckDBPyConnection:
    """Open (or create) the database file for writing, in the storage format older DuckDB versions read."""
    config: dict[str, str | bool | int | float | list[str]] = {"storage_compatibility_version": STORAGE_VERSION}
    con = duckdb.connect(str(db), config=config)
    found = storage_version(con)
    if found is None or _version_tuple(found) <= _version_tuple(STORAGE_VERSION):
        return con
    # an existing file keeps the format it was made in: copy it into a file of the readable format
    tmp = db.with_name(f".{db.name}.{STORAGE_VERSION}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        current = con.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
        con.execute(f"ATTACH {_sql_text(str(tmp))} AS lkjip_readable (STORAGE_VERSION '{STORAGE_VERSION}')")
        con.execute(f'COPY FROM DATABASE "{current}" TO lkjip_readable')
        con.execute("DETACH lkjip_readable")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db)
    return duckdb.connect(str(db), config=config)


class Dataset:
    def __init__(self, root: Path, con: duckdb.DuckDBPyConnection) -> None:
        self.root = root
        self.con = con

    @classmethod
    def create(cls, root: Path | str) -> Dataset:
        """Open a dataset folder for writing, creating it and its tables when missing."""
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        con = _connect_writable(root / DB_NAME)
        for table in TABLES:
            con.execute(ddl(table))
            # a dataset made by an earlier version lacks the fields added since (fields are only ever added)
            have = {r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND database_name = current_database()",
                [table],
            ).fetchall()}
            for name, sql_type in table_columns(table):
                if name not in have:
                    con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {sql_type}')
            _fill_context(con, table, [c for c in context_columns(table) if c[0] not in have])
        return cls(root, con)

    @classmethod
    def open(cls, root: Path | str) -> Dataset:
        """Open an existing dataset read-only."""
        root = Path(root)
        db = root / DB_NAME if root.is_dir() else root
        if not db.exists():
            raise FileNotFoundError(
                f"tidak ada dataset di {root} (berkas {DB_NAME} tidak ditemukan); jalankan `lkjip ingest` dulu"
            )
        return cls(db.parent, duckdb.connect(str(db), read_only=True))

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- reading -------------------------------------------------------
    def table(self, name: str) -> pd.DataFrame:
        """One dataset table as a pandas DataFrame, its columns in the schema's order."""
        if name not in TABLES:
            raise KeyError(f"unknown table {name!r}; tables are {', '.join(TABLES)}")
        cols = ", ".join(f'"{c}"' for c, _ in table_columns(name))  # older datasets have added columns last
        return self.con.execute(f'SELECT {cols} FROM "{name}" ORDER BY ALL').df()

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in TABLES:
            return self.table(name)
        raise AttributeError(name)

    def known(self) -> dict[str, tuple[str, str | None]]:
        """source_path -> (report_id, pipeline_version) of every ingested report."""
        rows = self.con.execute("SELECT source_path, report_id, pipeline_version FROM reports").fetchall()
        return {r[0]: (r[1], r[2]) for r in rows}

    def ingested(self) -> dict[str, Ingested]:
        """report_id (the file's content hash) -> where, under which name and by which pipeline it was read."""
        rows = self.con.execute(
            "SELECT report_id, source_path, source_file, pipeline_version FROM reports"
        ).fetchall()
        return {r[0]: Ingested(r[1], r[2], r[3]) for r in rows}

    def move_report(self, report_id: str, source_path: str) -> None:
        """Record that a report's file (same content, same name) now lives at ``source_path``: nothing re-read.

        A report the dataset held under that path before (another file, since replaced) goes."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            old = [r[0] for r in self.con.execute(
                "SELECT report_id FROM reports WHERE source_path = ? AND report_id <> ?", [source_path, report_id]
            ).fetchall()]
            for table in TABLES:
                for old_id in old:
                    self.con.execute(f'DELETE FROM "{table}" WHERE report_id = ?', [old_id])
            self.con.execute("UPDATE reports SET source_path = ? WHERE report_id = ?", [source_path, report_id])
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise

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


def _fill_context(con: duckdb.DuckDBPyConnection, table: str, added: list[tuple[str, str, str]]) -> None:
    """Fill context columns just added to an older dataset's table from each row's report."""
    if not added:
        return
    sets = ", ".join(f'"{c}" = r."{f}"' for c, _, f in added)
    con.execute(f'UPDATE "{table}" AS t SET {sets} FROM reports AS r WHERE t.report_id = r.report_id')


def _rows_of(report: Report, source_path: str) -> Iterable[tuple[str, list[list[Any]]]]:
    rid = report.report.report_id
    meta = report.report.model_dump()
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for table, (_, attr) in TABLES.items():
        cols = table_columns(table)
        if table == "reports":
            rec = {**meta, "source_path": source_path, "ingested_at": now, **quality(report)}
            yield table, [[cell(rec[c], t) for c, t in cols]]
            continue
        context = {c: meta[f] for c, _, f in context_columns(table)}
        rows: list[list[Any]] = []
        for i, item in enumerate(getattr(report, attr)):
            rec = item.model_dump()
            rec.update(report_id=rid, row_index=i, **context)
            rows.append([cell(rec[c], t) for c, t in cols])
        yield table, rows
