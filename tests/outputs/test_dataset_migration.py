"""A dataset written by an earlier version gains the fields added since, and takes new reports."""

from __future__ import annotations

from pathlib import Path

import duckdb

from lkjip.outputs.dataset import DB_NAME, Dataset
from lkjip.outputs.schema import TABLES, ddl
from lkjip.records import AnggaranRow, Report, ReportMeta, TableInfo


def test_older_dataset_gains_added_columns(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / DB_NAME))
    for table in TABLES:
        con.execute(ddl(table))
    con.execute('ALTER TABLE anggaran DROP COLUMN "kode_teks"')  # as a dataset made before the field existed
    con.execute('ALTER TABLE reports DROP COLUMN "n_warnings_error"')
    con.close()
    report = Report(
        report=ReportMeta(report_id="r1", source_file="a.pdf"),
        tables=[TableInfo(table_id="t01", jenis="realisasi_anggaran")],
        anggaran=[AnggaranRow(table_id="t01", jenis="realisasi_anggaran", level="program", uraian="X", kode="II",
                              kode_teks="il")],
    )  # fmt: skip
    with Dataset.create(tmp_path) as ds:
        ds.write_report(report, "a.pdf")
        rows = ds.table("anggaran")
    assert rows[["kode", "kode_teks"]].to_dict("records") == [{"kode": "II", "kode_teks": "il"}]
