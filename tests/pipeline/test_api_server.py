"""The ingest's Prefect API server: a new home is seeded from a kept template of a new database only."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from lkjip.pipeline import flows


def _db(path: Path, rows: int) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x INTEGER)")
    con.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(rows)])
    con.commit()
    con.close()


def _rows(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM t").fetchone()[0])
    finally:
        con.close()


def test_a_new_home_gets_a_copy_of_the_template_and_an_existing_one_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = tmp_path / "template.db"
    monkeypatch.setattr(flows, "_template", lambda: template)
    fresh = tmp_path / "fresh" / "prefect.db"
    assert not flows._seed_database(fresh)  # no template yet
    _db(tmp_path / "migrated.db", 3)
    flows._keep_template(tmp_path / "migrated.db")
    assert _rows(template) == 3
    _db(tmp_path / "other.db", 5)
    flows._keep_template(tmp_path / "other.db")  # a template is made once
    assert _rows(template) == 3
    assert flows._seed_database(fresh) and _rows(fresh) == 3
    _db(tmp_path / "used.db", 7)
    assert not flows._seed_database(tmp_path / "used.db") and _rows(tmp_path / "used.db") == 7


def test_no_server_of_ours_when_the_user_has_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert flows.start_api_server() is None
