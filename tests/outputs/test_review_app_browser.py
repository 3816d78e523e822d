"""The review app in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright; no browser is
downloaded): filter the list, dismiss a warning, confirm one with the keyboard, correct a cell, save from a
second browser at once, re-ingest with a changed pipeline, and find every decision still applied, also in
the XLSX export. LKJIP_SCREENSHOTS=DIR keeps the README's screenshots there."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from lkjip.outputs.review_app.store import CorrectionLog
from lkjip.pipeline.cli import app as cli
from lkjip.pipeline.commands import register_all
from tests.outputs._review_app_data import ingest_fixtures, newer_pipeline

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
BETARA, ANYAR = "kec-betara-2022.pdf", "kec-anyar-2022.docx"
PROGRAM_I = "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN KOTA"
TIMEOUT_MS = 20_000
register_all(cli)

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)")


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A dataset of two real reports, served by ``lkjip serve`` on a free loopback port."""
    dataset = ingest_fixtures([BETARA, ANYAR], tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "lkjip.pipeline.cli", "serve", str(dataset), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], 60)
        line = proc.stdout.readline() if ready else ""
        found = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert found, f"lkjip serve said {line!r}"
        yield dataset, found.group(0)
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _shot(page: object, name: str) -> None:
    folder = os.environ.get("LKJIP_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))  # type: ignore[attr-defined]


def _card(page: object, code: str) -> object:
    return page.locator("article.card", has=page.locator(".code", has_text=code))  # type: ignore[attr-defined]


def test_review_in_chromium_and_decisions_survive_a_reingest(served: tuple[Path, str], tmp_path: Path) -> None:
    dataset, url = served
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            rows = page.locator("#reports tbody tr")
            assert rows.count() == 2
            # filter by kabupaten: only Betara's report stays
            page.select_option("#f-kabupaten", "Kabupaten Tanjung Jabung Barat")
            page.click("#apply-filters")
            page.wait_for_url(re.compile(r"kabupaten=Kabupaten"))
            assert rows.count() == 1 and BETARA in rows.first.inner_text()
            # and the search, from the keyboard ("/" focuses it)
            page.goto(url)
            page.keyboard.press("/")
            page.keyboard.type("anyar")
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r"q=anyar"))
            assert rows.count() == 1 and ANYAR in rows.first.inner_text()
            page.goto(url + "?terbuka=1")
            assert rows.count() == 1 and BETARA in rows.first.inner_text()  # Anyar has no warning

            page.click(f"text={BETARA}")
            page.wait_for_selector("#peringatan")
            # a second reviewer opens the same page before the first one saves anything
            other = browser.new_context().new_page()
            other.set_default_timeout(TIMEOUT_MS)
            other.goto(page.url)
            page.fill("#reviewer", "Sri (Inspektorat)")

            total = _card(page, "ANGGARAN_TOTAL")
            total.locator("input[name=reason]").fill("total benar, baris program yang salah")
            total.locator("button.dismiss").click()
            page.wait_for_selector(".flash.ok >> text=ditolak")
            assert "rs-dismissed" in (_card(page, "ANGGARAN_TOTAL").get_attribute("class") or "")

            # from the keyboard: j selects the first open warning, c confirms it
            page.keyboard.press("j")
            first = page.locator("article.card.selected .code").inner_text()
            page.keyboard.press("c")
            page.wait_for_selector(".flash.ok >> text=dikonfirmasi")
            assert "rs-confirmed" in (_card(page, first).first.get_attribute("class") or "")

            # correct a cell: Tab to its ✎, Enter opens the form, type, Enter saves
            row = page.locator("tr", has=page.locator("td", has_text=PROGRAM_I)).filter(
                has=page.locator("td", has_text="2.259.208.970"))
            cell = row.locator("td[data-field=realisasi]")
            cell.locator("summary").focus()
            page.keyboard.press("Enter")
            cell.locator("input[name=value]").fill("2.549.177.250")
            cell.locator("input[name=reason]").fill("jumlah kegiatannya")
            cell.locator("input[name=reason]").press("Enter")
            page.wait_for_selector(".flash.ok >> text=disimpan")
            assert "2.549.177.250" in page.locator("td.fixed .fixed-value").inner_text()
            fixed = page.locator("td.fixed")
            fixed.evaluate("td => td.scrollIntoView({block: 'center'})")
            table = page.locator(".table-block", has=fixed)
            table.locator("img.page").wait_for(state="visible")
            page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=table.locator("img.page").element_handle())
            _shot(page, "review-table.png")
            page.evaluate("window.scrollTo(0, 0)")
            _shot(page, "review-report.png")

            # the second browser's stale page still saves, and costs the first nothing
            other.fill("#reviewer", "Budi (Bappeda)")
            capaian = _card(other, "IKU_CAPAIAN")
            capaian.locator("input[name=reason]").fill("hitungan ulang")
            capaian.locator("button.dismiss").click()
            other.wait_for_selector(".flash.ok >> text=ditolak")
            assert len(CorrectionLog(dataset).read().decisions) == 4

            # re-ingest with a changed pipeline while the app runs: the app holds no lock on the dataset
            ingest_fixtures([BETARA, ANYAR], tmp_path, transform=newer_pipeline(), force=True)
            page.reload()
            page.wait_for_selector("#peringatan")
            assert "99.0.0-uji" in page.locator(".head .where").inner_text()
            assert "rs-dismissed" in (_card(page, "ANGGARAN_TOTAL").get_attribute("class") or "")
            assert "rs-dismissed" in (_card(page, "IKU_CAPAIAN").get_attribute("class") or "")
            assert "2.549.177.250" in page.locator("td.fixed .fixed-value").inner_text()
            assert page.locator("#riwayat tr.st-applied").count() == 4
            page.goto(url + "?terbuka=1")
            assert "13 / 16" in rows.first.inner_text()  # 3 of Betara's 16 warnings (15 findings, 1 note) decided
            _shot(page, "review-list.png")
        finally:
            browser.close()

    out = tmp_path / "tinjauan.xlsx"
    res = CliRunner().invoke(cli, ["export", str(dataset), "--format", "xlsx", "--out", str(out)])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)

    def sheet(name: str) -> list[dict[str, object]]:
        ws = wb[name]
        header = [c.value for c in ws[1]]
        return [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]

    program = [r for r in sheet("anggaran") if r["uraian"] == PROGRAM_I and r["jenis"] == "realisasi_anggaran"
               and r["source_file"] == BETARA]  # fmt: skip
    assert [(r["realisasi"], r["realisasi_teks"], r["corrected"]) for r in program] == [
        (2_549_177_250, "2.259.208.970", True)
    ]
    dismissed = {r["code"] for r in sheet("warnings") if r["review_status"] == "dismissed"}
    assert dismissed == {"ANGGARAN_TOTAL", "IKU_CAPAIAN"}
    decisions = sheet("corrections")
    assert sorted((r["action"], r["status"]) for r in decisions) == [
        ("confirm", "applied"), ("correct", "applied"), ("dismiss", "applied"), ("dismiss", "applied")
    ]
    assert {r["reviewer"] for r in decisions} == {"Sri (Inspektorat)", "Budi (Bappeda)"}
