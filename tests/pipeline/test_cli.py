"""The ``lkjip`` command line: `extract` keeps the contract's promises about stdout and exit codes; help
and usage errors in Bahasa Indonesia; the ingest cache by content hash."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import lkjip
from lkjip.pipeline.commands._help import indonesian_error
from lkjip.records import Report
from tests.conftest import REPORTS

LKJIP = [sys.executable, "-m", "lkjip.pipeline.cli"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "250"}  # help and errors unwrapped, so a test can find a sentence
    return subprocess.run([*LKJIP, *args], capture_output=True, text=True, timeout=300, env=env)


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


COMMANDS = ("extract", "ingest", "eval", "compare", "export", "report", "review", "ui", "deploy")
# words of the help screens before they were translated; none may come back
ENGLISH = ("Show this message", "Options", "Arguments", "Commands", "[default:", "[required]", "Print ", "Folder of")


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_is_indonesian_without_placeholders_and_h_is_help(command: str) -> None:
    args = [command] if command else []
    long, short = _run(*args, "--help"), _run(*args, "-h")
    assert long.returncode == short.returncode == 0, long.stderr + short.stderr
    assert short.stdout == long.stdout
    text = long.stdout
    assert "Usage: lkjip" in text and "Tampilkan bantuan ini lalu keluar." in text
    assert not re.search(r"<[a-z][\w\[\], |]*>", text), text  # <bool>, <list[str]>, <path>, <int range>
    assert not [w for w in ENGLISH if w in text], text
    if command:
        assert "Opsi" in text
    else:
        assert all(c in text for c in COMMANDS) and "Perintah" in text


def test_version() -> None:
    done = _run("--version")
    assert (done.returncode, done.stdout) == (0, f"lkjip {lkjip.__version__}\n")


def test_usage_errors_are_indonesian(tmp_path: Path) -> None:
    missing = _run("ingest", str(tmp_path))
    assert missing.returncode == 2 and "Opsi '--out' / '-o' wajib diberikan." in missing.stderr
    unknown = _run("extract", str(REPORTS / "kec-betara-2022.pdf"), "--jsn")
    assert unknown.returncode == 2 and "Opsi tidak dikenal: --jsn (opsi yang mirip: --json)" in unknown.stderr
    fmt = _run("export", str(tmp_path), "--format", "pdf", "--out", str(tmp_path / "x"))
    assert fmt.returncode == 2 and "'pdf' bukan salah satu dari 'csv', 'xlsx', 'parquet', 'sqlite'." in fmt.stderr
    assert "Lihat 'lkjip export -h' untuk bantuan." in fmt.stderr


@pytest.mark.parametrize(
    ("english", "indonesian"),
    [
        ("Missing argument 'FOLDER'.", "Argumen 'FOLDER' wajib diberikan."),
        ("Invalid value for 'FOLDER': dir '/nope' does not exist.", "Nilai tidak sah untuk 'FOLDER': folder '/nope' tidak ada."),
        ("Invalid value for 'BERKAS': file '/tmp' is a directory.", "Nilai tidak sah untuk 'BERKAS': berkas '/tmp' adalah folder."),
        (
            "Invalid value for '--workers': Input should be a valid integer, unable to parse string as an integer",
            "Nilai tidak sah untuk '--workers': harus berupa bilangan bulat",
        ),
        (
            "Invalid value for '--workers': Input should be greater than or equal to 1",
            "Nilai tidak sah untuk '--workers': harus paling sedikit 1",
        ),
        ("No such command 'frobnicate'.", "Perintah tidak dikenal: 'frobnicate'."),
        ("Option '-o' requires an argument.", "Opsi '-o' memerlukan nilai."),
        ("Got unexpected extra argument (b)", "Argumen berlebih: b"),
        ("Something no pattern knows", "Something no pattern knows"),
    ],
)
def test_usage_error_translations(english: str, indonesian: str) -> None:
    assert indonesian_error(english) == indonesian


def _ingest(src: Path, out: Path, *extra: str) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    done = subprocess.run(
        [*LKJIP, "ingest", str(src), "--out", str(out), "--json", *extra],
        capture_output=True, text=True, env=env, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def _reports(out: Path) -> dict[str, tuple[object, ...]]:
    con = duckdb.connect(str(out / "lkjip.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT source_file, source_path, ingested_at, report_id FROM reports").fetchall()
    finally:
        con.close()
    return {r[0]: r[1:] for r in rows}


def test_moved_folder_is_not_read_again_and_force_reads_it(tmp_path: Path) -> None:
    src = tmp_path / "laporan"
    (src / "2021").mkdir(parents=True)
    shutil.copy(REPORTS / "kec-anyar-2021.docx", src / "2021" / "kec-anyar-2021.docx")
    shutil.copy(REPORTS / "kec-betara-2022.docx", src / "kec-betara-2022.docx")
    (src / "catatan.txt").write_text("bukan laporan")
    out = tmp_path / "dataset"
    first = _ingest(src, out)
    assert first["status"] == {"ok": 2, "failed": 1}
    before = _reports(out)

    moved = tmp_path / "arsip" / "laporan-lama"
    moved.parent.mkdir()
    src.rename(moved)
    second = _ingest(moved, out)
    assert second["status"] == {} and second["skipped_unchanged"] == 3  # nothing read again
    after = _reports(out)
    for name, (path, ingested_at, rid) in after.items():
        assert (ingested_at, rid) == before[name][1:], name  # rows not rewritten
        assert str(path).startswith(str(moved.resolve())), (name, path)  # a non-document too: its hash
    assert second["moved"] == 3

    renamed = moved / "kec-betara-2022 (salinan).docx"
    (moved / "kec-betara-2022.docx").rename(renamed)
    third = _ingest(moved, out)
    assert third["status"] == {"ok": 1} and third["skipped_unchanged"] == 2  # its name is part of its report
    assert "kec-betara-2022 (salinan).docx" in _reports(out) and "kec-betara-2022.docx" not in _reports(out)

    forced = _ingest(moved, out, "--force")
    assert forced["status"] == {"ok": 2, "failed": 1} and forced["skipped_unchanged"] == 0
    assert all(r[1] != before.get(n, (None, None))[1] for n, r in _reports(out).items())


def test_the_time_budget_options_reach_the_limit_and_show_in_help() -> None:
    """Issue 18: the per-file seconds and the per-page seconds beside --timeout (the cap), on the command line."""
    for command in ("extract", "ingest"):
        text = _run(command, "-h").stdout
        assert all(opt in text for opt in ("--timeout", "--file-seconds", "--page-seconds")), text
    done = _run("extract", str(REPORTS / "kec-betara-2022.pdf"), "--json", "--file-seconds", "0.2", "--page-seconds", "0.01")
    report = Report.model_validate_json(done.stdout)
    assert (done.returncode, report.report.status, [e.code for e in report.errors]) == (1, "failed", ["TIMEOUT"])
    # the limit the worker applied: 0.2 s plus 0.01 s for each of the PDF's 28 pages
    assert "0.48 detik (0.2 detik per berkas ditambah 0.01 detik untuk tiap halamannya yang 28)" in report.errors[0].message
