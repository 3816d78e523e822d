"""`lkjip extract` keeps the contract's promises about stdout and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from lkjip.records import Report
from tests.conftest import REPORTS

LKJIP = [sys.executable, "-m", "pipeline.cli"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LKJIP, *args], capture_output=True, text=True, timeout=300)


def test_extract_json_is_the_contract_and_nothing_else() -> None:
    done = _run("extract", str(REPORTS / "kec-betara-2022.docx"), "--json")
    assert done.returncode == 0, done.stderr
    report = Report.model_validate(json.loads(done.stdout))
    assert report.schema_version == "1"
    assert report.report.instansi == "Kecamatan Betara"
    assert set(json.loads(done.stdout)) == {
        "schema_version", "report", "tables", "iku", "anggaran", "idm", "warnings", "errors",
    }


def test_unreadable_file_exits_1_with_errors(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    done = _run("extract", str(bad), "--json")
    assert done.returncode == 1
    report = Report.model_validate_json(done.stdout)
    assert report.report.status == "failed"
    assert report.errors and report.errors[0].code == "CORRUPT"


def test_usage_error_exits_2() -> None:
    assert _run("extract").returncode == 2
    assert _run("extract", "/no/such/file.pdf").returncode == 2
