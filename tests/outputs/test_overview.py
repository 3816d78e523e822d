"""The HTML overview: self-contained, linked to review pages, and its charts visible in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lkjip.outputs.overview import write_overview
from lkjip.outputs.panels import PanelDataset
from tests.outputs._series import SERIES, series_dataset

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def overview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = series_dataset(tmp_path_factory.mktemp("series"))
    with PanelDataset.open(root) as ds:
        return write_overview(ds, root)


def test_overview_is_self_contained_with_every_chart(overview: Path) -> None:
    html = overview.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    # no fetches: the only URL is the SVG namespace
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) == {"http://www.w3.org/2000/svg"}
    for title in (
        "Tren indikator per kecamatan",
        "Sebaran capaian",
        "Realisasi anggaran per program",
        "Perubahan status IDM per desa",
        "Laporan menurut jumlah peringatan",
    ):
        assert title in html
    assert (
        html.count("<svg") >= 7 + 1 + 5 + 3 + 1
    )  # indicator trends, capaian, programmes, 3 IDM grids, ranking
    assert "Status IDM desa — Kecamatan Anyar" in html and "0,7124 *" in html  # the restated year is marked


def test_every_report_links_to_its_review_page(overview: Path) -> None:
    html = overview.read_text(encoding="utf-8")
    for name in SERIES:  # ingest wrote the review pages under the file's full name
        assert f'href="reviews/{name}.html"' in html
        assert (overview.parent / "reviews" / f"{name}.html").exists()


def test_links_are_relative_to_where_the_overview_lives(tmp_path: Path, overview: Path) -> None:
    with PanelDataset.open(overview.parent) as ds:
        page = write_overview(ds, tmp_path / "site")
    rel = Path(shutil.os.path.relpath(overview.parent / "reviews", tmp_path / "site")).as_posix()
    assert f'href="{rel}/kec-anyar-2022.docx.html"' in page.read_text(encoding="utf-8")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)")
def test_charts_are_visible_in_headless_chromium(overview: Path, tmp_path: Path) -> None:
    png = tmp_path / "overview.png"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={png}",
            "--window-size=1280,2400",
            overview.resolve().as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert png.exists(), "chromium wrote no screenshot"
    img = Image.open(png).convert("RGB")
    assert img.size == (1280, 2400)
    pixels = np.asarray(img).reshape(-1, 3).astype(int)
    not_white = float((pixels != 255).any(axis=1).mean())

    def near(rgb: tuple[int, int, int]) -> int:
        return int((np.abs(pixels - np.array(rgb)) < 24).all(axis=1).sum())

    # the trend lines and bars are drawn in the palette's blue (#1f77b4) and red (#d62728)
    blue, red = near((0x1F, 0x77, 0xB4)), near((0xD6, 0x27, 0x28))
    assert not_white > 0.03, not_white
    assert blue > 2000 and red > 2000, (blue, red)
