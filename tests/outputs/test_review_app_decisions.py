"""Reviewer decisions through the app's forms: kept by stable key, re-applied after a re-extraction by a
changed pipeline, orphaned (never dropped) when their row is gone, and read by exports, panels, compare
and eval --reviewed. The dataset is the Betara PDF and the Anyar DOCX, really ingested."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import openpyxl
import pytest
from flask.testing import FlaskClient
from typer.testing import CliRunner

import lkjip
from lkjip.outputs.compare import Query, compare
from lkjip.outputs.exports import export_dataset
from lkjip.outputs.review_app.app import create_app
from lkjip.outputs.review_app.store import LOG_NAME, CorrectionLog
from lkjip.pipeline.cli import app as cli
from tests.outputs._review_app_data import NEWER_VERSION, ingest_fixtures, newer_pipeline

BETARA, ANYAR = "kec-betara-2022.pdf", "kec-anyar-2022.docx"
PROGRAM_I = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN KOTA"
HOST = {"Host": "127.0.0.1:8765"}


def _betara_id(dataset: Path) -> str:
    with lkjip.open_dataset(dataset) as ds:
        reports = ds.reports
    return str(reports[reports.source_file == BETARA].report_id.iloc[0])


def _row_index(dataset: Path, table: str, **where: object) -> int:
    with lkjip.open_dataset(dataset) as ds:
        df = ds.table(table)
    for k, v in where.items():
        df = df[df[k] == v]
    assert len(df) == 1, where
    return int(df.row_index.iloc[0])


class Reviewer:
    """A reviewer at the app: every form posted with the CSRF token the page gave."""

    def __init__(self, dataset: Path, report_id: str) -> None:
        self.client: FlaskClient = create_app(dataset).test_client()
        self.report_id = report_id
        page = self.client.get(f"/laporan/{report_id}", headers=HOST)
        assert page.status_code == 200
        self.token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]

    def post(self, path: str, **form: object) -> str:
        data = {"csrf_token": self.token, "reviewer": "Sri (Inspektorat)", **{k: str(v) for k, v in form.items()}}
        resp = self.client.post(f"/laporan/{self.report_id}{path}", data=data, headers=HOST, follow_redirects=True)
        assert resp.status_code == 200, resp.text[:500]
        return resp.text


def _review_betara(dataset: Path) -> None:
    rid = _betara_id(dataset)
    r = Reviewer(dataset, rid)
    program = _row_index(dataset, "anggaran", report_id=rid, uraian=PROGRAM_I, jenis="realisasi_anggaran")
    total = _row_index(dataset, "warnings", report_id=rid, code="ANGGARAN_TOTAL")
    capaian = _row_index(dataset, "warnings", report_id=rid, code="IKU_CAPAIAN")
    saved = r.post("/sel", family="anggaran", row_index=program, field="realisasi", value="2.549.177.250",
                   reason="jumlah kegiatannya; angka program salah ketik")  # fmt: skip
    assert "disimpan" in saved
    assert "ditolak" in r.post(f"/peringatan/{total}", action="dismiss", reason="total benar, program yang salah")
    assert "dikonfirmasi" in r.post(f"/peringatan/{capaian}", action="confirm", reason="")
    assert "bukan data" in r.post("/tabel/t05", action="no_data", reason="ringkasan sasaran, bukan IKU")
    assert "dicatat" in r.post("/terlewat", page=20, jenis="capaian_iku", reason="tabel IKU di lampiran")


def _statuses(dataset: Path) -> dict[str, str]:
    with lkjip.open_dataset(dataset) as ds:
        c = ds.corrections
    return dict(zip(c.kind + ":" + c.action, c.status, strict=True))


def test_decisions_apply_and_survive_a_newer_pipeline(tmp_path: Path) -> None:
    dataset = ingest_fixtures([BETARA, ANYAR], tmp_path)
    _review_betara(dataset)
    rid = _betara_id(dataset)

    def check(version: str) -> None:
        with lkjip.open_dataset(dataset) as ds:
            assert set(ds.reports.pipeline_version) == {version}
            a = ds.anggaran
            program = a[(a.report_id == rid) & (a.uraian == PROGRAM_I) & (a.jenis == "realisasi_anggaran")].iloc[0]
            assert program.realisasi == 2_549_177_250 and program.realisasi_teks == "2.259.208.970"
            assert program.corrected and program.corrected_fields == "realisasi"
            assert a.corrected.sum() == 1
            w = ds.warnings.set_index("code")
            assert w.loc["ANGGARAN_TOTAL", "review_status"] == "dismissed"
            assert w.loc["ANGGARAN_TOTAL", "review_reason"] == "total benar, program yang salah"
            assert w.loc["IKU_CAPAIAN", "review_status"] == "confirmed"
            assert (ds.warnings.review_status == "open").sum() == len(ds.warnings) - 2
            t = ds.tables
            no_data = t[t.no_data]
            assert list(no_data.jenis) == ["capaian_sasaran"] and list(no_data.pages.map(list)) == [[22]]
            iku = ds.iku
            assert set(iku[iku.table_no_data].jenis) == {"capaian_sasaran"}
            panel = ds.anggaran_panel
            row = panel[(panel.report_id == rid) & panel.program_key.str.startswith("penunjang")].iloc[0]
            assert row.realisasi == 2_549_177_250 and row.corrected and row.corrected_fields == "realisasi"
            result = compare(ds.panels(), Query("program", key=PROGRAM_I))
            betara = int(result.wide.index[result.wide.instansi == "Kecamatan Betara"][0])
            assert result.corrected == {(betara, "2022")}
            assert result.wide.loc[betara, "2022"] == 2_549_177_250
        assert _statuses(dataset) == {
            "cell:correct": "applied", "warning:dismiss": "applied", "warning:confirm": "applied",
            "table:no_data": "applied", "missed_table:missed": "open",
        }  # fmt: skip

    check(lkjip.__version__)
    before = _row_index(dataset, "anggaran", report_id=rid, uraian=PROGRAM_I, jenis="realisasi_anggaran")
    log_before = (dataset / LOG_NAME).read_bytes()
    ingest_fixtures([BETARA, ANYAR], tmp_path, transform=newer_pipeline(), force=True)
    after = _row_index(dataset, "anggaran", report_id=rid, uraian=PROGRAM_I, jenis="realisasi_anggaran")
    assert after != before  # the newer pipeline lists its rows differently: position alone would miss
    check(NEWER_VERSION)
    assert (dataset / LOG_NAME).read_bytes() == log_before  # the ingest never touches the log
    # the ingest copied the decisions, with their status, into the DuckDB file and Parquet
    con = duckdb.connect(str(dataset / "lkjip.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM corrections WHERE status = 'applied'").fetchone() == (4,)
    finally:
        con.close()
    assert (dataset / "parquet" / "corrections.parquet").is_file()
    with lkjip.open_dataset(dataset) as ds:
        out = export_dataset(ds, "xlsx", tmp_path / "out.xlsx")[0]
    wb = openpyxl.load_workbook(out)
    sheet = wb["corrections"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in sheet.iter_rows(min_row=2)]
    cell = next(r for r in rows if r["kind"] == "cell")
    assert cell["value"] == "2549177250.0" and cell["extracted_value"] == "2259208970.0"
    assert cell["printed_text"] == "2.259.208.970" and cell["reviewer"] == "Sri (Inspektorat)"
    assert cell["status"] == "applied" and cell["pipeline_version"] == lkjip.__version__


def test_a_decision_whose_row_is_gone_is_orphaned_never_dropped(tmp_path: Path) -> None:
    dataset = ingest_fixtures([BETARA], tmp_path)
    rid = _betara_id(dataset)
    ikm = _row_index(dataset, "iku", report_id=rid, jenis="capaian_iku", indikator="Indeks Kepuasan Masyarakat", page=23)
    Reviewer(dataset, rid).post("/sel", family="iku", row_index=ikm, field="realisasi", value="76,13",
                                reason="angka tertukar")  # fmt: skip

    def gone(family: str, row: object) -> bool:
        return family == "iku" and getattr(row, "indikator", "") == "Indeks Kepuasan Masyarakat"

    ingest_fixtures([BETARA], tmp_path, transform=newer_pipeline(drop=gone), force=True)
    assert _statuses(dataset) == {"cell:correct": "orphaned"}
    assert len(CorrectionLog(dataset).read().decisions) == 1  # kept in the log
    with lkjip.open_dataset(dataset) as ds:
        assert not ds.iku.corrected.any()
    client = create_app(dataset).test_client()
    listing = client.get("/", headers=HOST).text
    assert "1 keputusan yatim" in listing
    orphans = client.get("/keputusan?status=orphaned", headers=HOST).text
    assert "Indeks Kepuasan Masyarakat" in orphans and "st-orphaned" in orphans
    # the row comes back (the next version reads it again): the decision applies again
    ingest_fixtures([BETARA], tmp_path, force=True)
    assert _statuses(dataset) == {"cell:correct": "applied"}


def test_eval_reviewed_scores_the_pipeline_against_every_decision(tmp_path: Path) -> None:
    dataset = ingest_fixtures([BETARA, ANYAR], tmp_path)
    _review_betara(dataset)
    res = CliRunner().invoke(cli, ["eval", "--reviewed", str(dataset), "--show-misses", "5"])
    assert res.exit_code == 0, res.output
    out = res.output
    # the pipeline still reads the printed 2.259.208.970 where the reviewer put the sum of the kegiatan
    assert re.search(r"sel anggaran\s*│\s*1\s*│\s*0\.0000", out), out
    assert re.search(r"peringatan\s*│\s*2\s*│\s*0\.5000\s*│\s*1\.0000", out), out  # confirmed found, dismissed emitted
    assert "want 2549177250.0, got 2259208970.0" in out
    gate = CliRunner().invoke(cli, ["eval", "--reviewed", str(dataset), "--min-f1", "0.5"])
    assert gate.exit_code == 1


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingest_fixtures([BETARA, ANYAR], tmp_path_factory.mktemp("aman"))


def test_every_write_needs_the_csrf_token(small: Path) -> None:
    client = create_app(small).test_client()
    rid = _betara_id(small)
    resp = client.post(f"/laporan/{rid}/peringatan/0", data={"action": "dismiss", "reason": "x", "reviewer": "x"},
                       headers=HOST)  # fmt: skip
    assert resp.status_code == 400 and "Token keamanan" in resp.text
    assert not CorrectionLog(small).exists()


def test_only_loopback_names_and_nothing_outside_the_app(small: Path) -> None:
    client = create_app(small).test_client()
    rid = _betara_id(small)
    assert client.get("/", headers={"Host": "evil.example:8765"}).status_code == 400  # DNS rebinding
    for path in ("/static/../lkjip.duckdb", "/static/%2e%2e/%2e%2e/lkjip.duckdb", f"/laporan/{rid}/../../corrections.jsonl",
                 "/lkjip.duckdb", "/static/../../review_app/app.py", "/laporan/../../etc/passwd"):  # fmt: skip
        resp = client.get(path, headers=HOST)
        assert resp.status_code == 404, path
    assert client.get(f"/laporan/{rid}/halaman/99999.png", headers=HOST).status_code == 404
    assert client.get(f"/laporan/{'0' * 64}", headers=HOST).status_code == 404
    page = client.get(f"/laporan/{rid}/halaman/22.png", headers=HOST)
    assert page.status_code == 200 and page.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]


def test_while_an_ingest_holds_the_dataset_the_app_shows_what_it_read_and_saves_land(
    small: Path, tmp_path: Path
) -> None:
    import shutil
    import subprocess
    import sys

    dataset = tmp_path / "sibuk"
    shutil.copytree(small, dataset)
    rid = _betara_id(dataset)
    reviewer = Reviewer(dataset, rid)  # the page was open before the ingest began
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
         "sys.stdin.read()", str(dataset / "lkjip.duckdb")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        busy = create_app(dataset).test_client().get("/", headers=HOST)  # nothing read yet
        assert busy.status_code == 503 and "sedang ditulis" in busy.text
        saved = reviewer.post("/peringatan/0", action="dismiss", reason="dibaca ulang")
        assert "ditolak" in saved and 'id="stale"' in saved
    finally:
        holder.communicate("", timeout=30)
    assert len(CorrectionLog(dataset).read().decisions) == 1
    with lkjip.open_dataset(dataset) as ds:
        assert (ds.warnings.review_status == "dismissed").sum() == 1
