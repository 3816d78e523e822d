"""A dataset opens in the tools analysts have: the released DuckDB CLI (older than the DuckDB that
writes it), SQLite and Datasette (``lkjip export --format sqlite``), with every row saying whose it is."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from importlib import metadata
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import lkjip
from lkjip.outputs.dataset import DB_NAME, STORAGE_VERSION, Dataset, storage_version
from lkjip.outputs.schema import TABLES
from lkjip.pipeline.cli import app
from lkjip.pipeline.commands import register_all
from tests.conftest import extracted
from tests.outputs._series import series_dataset

register_all(app)
runner = CliRunner()
FAMILY = ("iku", "anggaran", "idm", "warnings")


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return series_dataset(tmp_path_factory.mktemp("series"))


@pytest.fixture(scope="module")
def duckdb_cli(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The released DuckDB CLI of the ``duckdb-cli`` package (a dev dependency), runnable.

    Its wheel installs the binary without the execute bit, so the test runs a copy."""
    dist = metadata.distribution("duckdb-cli")
    binary = next(Path(str(dist.locate_file(f))) for f in dist.files or [] if f.name == "duckdb")
    run = tmp_path_factory.mktemp("cli") / "duckdb"
    shutil.copy(binary, run)
    run.chmod(0o755)
    return run


def _cli(cli: Path, db: Path, sql: str) -> list[dict[str, object]]:
    done = subprocess.run(
        [str(cli), "-readonly", "-json", str(db), sql], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout or "[]")  # type: ignore[no-any-return]


def test_released_cli_reads_the_dataset(series: Path, duckdb_cli: Path) -> None:
    with lkjip.open_dataset(series) as ds:
        assert storage_version(ds.con) == f"{STORAGE_VERSION}+"
        counts = ds.counts()
        program = ds.anggaran[ds.anggaran.level == "program"]
    for table in TABLES:
        rows = _cli(duckdb_cli, series / DB_NAME, f'SELECT count(*) AS n FROM "{table}"')
        assert rows == [{"n": counts[table]}], table
    # the README's query, as written there
    readme = (
        "SELECT r.instansi, r.tahun, a.uraian, a.pagu, a.realisasi "
        "FROM anggaran a JOIN reports r USING (report_id) "
        "WHERE a.level = 'program' ORDER BY r.instansi, r.tahun;"
    )
    assert len(_cli(duckdb_cli, series / DB_NAME, readme)) == len(program) > 0
    panel = _cli(duckdb_cli, series / DB_NAME, "SELECT count(*) AS n FROM iku_panel")
    assert panel[0]["n"] > 0


def test_family_rows_carry_their_report(series: Path) -> None:
    with lkjip.open_dataset(series) as ds:
        reports = ds.reports.set_index("report_id")
        for name in FAMILY:
            rows = ds.table(name)
            assert len(rows) > 0, name
            year = "report_tahun" if name == "idm" else "tahun"
            assert list(rows.columns[:6]) == ["report_id", "instansi", "kabupaten", year, "source_file", "row_index"]
            want = reports.loc[rows["report_id"], ["instansi", "kabupaten", "tahun", "source_file"]]
            got = rows[["instansi", "kabupaten", year, "source_file"]].set_axis(want.columns, axis=1)
            assert got.reset_index(drop=True).equals(want.reset_index(drop=True)), name
        # an idm row keeps its own IDM year beside its report's year
        assert {"tahun", "report_tahun"} <= set(ds.idm.columns)
        assert ds.idm["tahun"].notna().any()


def test_xlsx_sheets_carry_their_report(series: Path, tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "all.xlsx"
    assert runner.invoke(app, ["export", str(series), "--format", "xlsx", "--out", str(out)]).exit_code == 0
    wb = openpyxl.load_workbook(out, read_only=True)
    for name in FAMILY:
        rows = list(wb[name].iter_rows(values_only=True))
        header, first = rows[0], dict(zip(rows[0], rows[1], strict=True))
        assert header[:5] == ("report_id", "instansi", "kabupaten", "report_tahun" if name == "idm" else "tahun",
                              "source_file"), name  # fmt: skip
        assert str(first["source_file"]).startswith("kec-") and str(first["instansi"]).startswith("Kecamatan ")
        assert isinstance(first["report_tahun" if name == "idm" else "tahun"], int)


def _drop_context(con: duckdb.DuckDBPyConnection) -> None:
    """Tables as an earlier lkjip wrote them: no instansi, kabupaten, year or file name beside report_id."""
    for table in TABLES:
        for col in ("instansi", "kabupaten", "tahun", "report_tahun", "source_file"):
            if table != "reports" and (table, col) != ("idm", "tahun"):
                con.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{col}"')


def _major_minor(version: str) -> tuple[int, int]:
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


def test_older_dataset_is_rewritten_readable_and_filled(tmp_path: Path, duckdb_cli: Path) -> None:
    report = extracted("kec-betara-2022.pdf")
    with Dataset.create(tmp_path / "rows") as ds:
        ds.write_report(report, "/data/kec-betara-2022.pdf")
        _drop_context(ds.con)
    root = tmp_path / "lama"
    root.mkdir()
    con = duckdb.connect(str(root / DB_NAME))  # a new file in the installed DuckDB's default format
    con.execute(f"ATTACH '{tmp_path / 'rows' / DB_NAME}' AS earlier (READ_ONLY)")
    con.execute(f'COPY FROM DATABASE earlier TO "{con.execute("SELECT current_database()").fetchone()[0]}"')  # type: ignore[index]
    con.close()
    if _major_minor(duckdb.__version__) >= (2, 0) > _major_minor(metadata.version("duckdb-cli")):
        refused = subprocess.run(
            [str(duckdb_cli), "-readonly", str(root / DB_NAME), "SELECT 1"], capture_output=True, text=True, timeout=60
        )
        assert refused.returncode != 0 and "newer version of DuckDB" in refused.stderr  # the issue, reproduced

    with Dataset.create(root) as ds:
        assert storage_version(ds.con) == f"{STORAGE_VERSION}+"
    assert sorted(p.name for p in root.iterdir()) == [DB_NAME]  # no temporary file left
    rows = _cli(duckdb_cli, root / DB_NAME, "SELECT DISTINCT instansi, tahun, source_file FROM warnings")
    assert rows == [{"instansi": "Kecamatan Betara", "tahun": 2022, "source_file": "kec-betara-2022.pdf"}]
    assert _cli(duckdb_cli, root / DB_NAME, "SELECT DISTINCT report_tahun FROM idm") == [{"report_tahun": 2022}]
    counts = _cli(duckdb_cli, root / DB_NAME, "SELECT count(*) AS n FROM iku WHERE kabupaten IS NOT NULL")
    assert counts == [{"n": len(report.iku)}]


def test_sqlite_export_opens_in_sqlite3(series: Path, tmp_path: Path) -> None:
    out = tmp_path / "lkjip.sqlite"
    res = runner.invoke(app, ["export", str(series), "--format", "sqlite", "--out", str(out)])
    assert res.exit_code == 0, res.output
    with lkjip.open_dataset(series) as ds:
        frames = {name: ds.table(name) for name in (*TABLES, "iku_panel", "anggaran_panel", "idm_panel")}
    con = sqlite3.connect(out)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert names == {*frames, "panel_warnings"}
        for name, df in frames.items():
            assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone() == (len(df),), name
            assert [r[1] for r in con.execute(f'PRAGMA table_info("{name}")')] == list(df.columns), name
        types = {r[1]: r[2] for r in con.execute('PRAGMA table_info("anggaran")')}
        assert (types["pagu"], types["tahun"], types["uraian"], types["path"]) == ("REAL", "INTEGER", "TEXT", "TEXT")
        pagu, path = con.execute("SELECT pagu, path FROM anggaran WHERE pagu IS NOT NULL LIMIT 1").fetchone()
        assert isinstance(pagu, float) and isinstance(json.loads(path), list)
        # every row's report is there: the foreign key holds
        fks = con.execute('PRAGMA foreign_key_list("iku")').fetchall()
        assert [(f[2], f[3], f[4]) for f in fks] == [("reports", "report_id", "report_id")]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
    bad = runner.invoke(app, ["export", str(series), "--format", "sqlite", "--out", str(tmp_path / "x.xlsx")])
    assert bad.exit_code == 2


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> object:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return json.loads(resp.read())


def test_datasette_serves_the_sqlite_export(series: Path, tmp_path: Path) -> None:
    out = tmp_path / "lkjip.sqlite"
    assert runner.invoke(app, ["export", str(series), "--format", "sqlite", "--out", str(out)]).exit_code == 0
    datasette = Path(sys.executable).with_name("datasette")
    inspect = subprocess.run([str(datasette), "inspect", str(out)], capture_output=True, text=True, timeout=120)
    assert inspect.returncode == 0, inspect.stderr
    with lkjip.open_dataset(series) as ds:
        counts = ds.counts()
        iku = ds.iku
    tables = json.loads(inspect.stdout)["lkjip"]["tables"]
    assert {t: tables[t]["count"] for t in TABLES} == counts

    port = _free_port()
    env = {**os.environ, "DATASETTE_SECRET": "test"}
    server = subprocess.Popen(
        [str(datasette), "serve", str(out), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "datasette did not start in 60 s"
                time.sleep(0.3)
        databases = _get(f"{base}/-/databases.json")
        assert [d["name"] for d in databases] == ["lkjip"]  # type: ignore[index, union-attr]
        page = _get(f"{base}/lkjip/iku.json?_shape=objects&_size=max&_labels=on")
        rows = page["rows"]  # type: ignore[index, call-overload]
        assert len(rows) == len(iku) > 0
        first = rows[0]
        assert first["report_id"]["value"] in set(iku["report_id"])  # a link to its report
        assert {"instansi", "kabupaten", "tahun", "source_file"} <= set(first)
        assert page["expandable_columns"][0][0] == {  # type: ignore[index, call-overload]
            "column": "report_id", "other_table": "reports", "other_column": "report_id",
        }
        sql = _get(f"{base}/lkjip.json?sql=select+count(*)+as+n+from+anggaran_panel&_shape=array")
        assert sql[0]["n"] > 0  # type: ignore[index, call-overload]
        html = urllib.request.urlopen(f"{base}/lkjip/reports", timeout=10).read().decode()
        assert "kec-anyar-2021.docx" in html
    finally:
        server.terminate()
        server.wait(timeout=30)
