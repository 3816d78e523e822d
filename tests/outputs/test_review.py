"""The review page of the Betara PDF: every warning with both figures and a page crop; it renders in Chromium."""

from __future__ import annotations

import base64
import io
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image, ImageStat
from typer.testing import CliRunner

from lkjip.outputs._review_html import fmt_value
from lkjip.outputs.review import render_review, write_review
from lkjip.records import Report
from tests.conftest import REPORTS, extracted

BETARA_PDF = REPORTS / "kec-betara-2022.pdf"
CHROMIUM = Path("/usr/bin/chromium")


class _Page(HTMLParser):
    """Collects each warning card's text and images, and every external reference."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, dict[str, list[str]]] = {}
        self._card: str | None = None
        self._depth = 0
        self.external: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for key in ("src", "href"):
            ref = a.get(key) or ""
            if ref and not ref.startswith(("#", "data:")):
                self.external.append(ref)
        if tag == "div":
            if self._card is not None:
                self._depth += 1
            elif (a.get("id") or "").startswith("w-"):
                self._card, self._depth = a["id"] or "", 1
                self.cards[self._card] = {"text": [], "img": []}
        if tag == "img" and self._card is not None:
            self.cards[self._card]["img"].append(a.get("src") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._card is not None:
            self._depth -= 1
            if self._depth == 0:
                self._card = None

    def handle_data(self, data: str) -> None:
        if self._card is not None:
            self.cards[self._card]["text"].append(data)


@pytest.fixture(scope="module")
def betara() -> Report:
    return extracted(BETARA_PDF.name)


@pytest.fixture(scope="module")
def page(betara: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_review(betara, BETARA_PDF, tmp_path_factory.mktemp("review"))


def test_page_is_named_after_the_source(page: Path) -> None:
    assert page.name == "kec-betara-2022.html"


def test_every_warning_with_both_figures_and_a_crop(betara: Report, page: Path) -> None:
    parser = _Page()
    parser.feed(page.read_text(encoding="utf-8"))
    assert parser.scripts == 0 and parser.external == []
    assert len(parser.cards) == len(betara.warnings) == 16  # 15 findings and the note on the unread table of page 22
    for i, w in enumerate(betara.warnings):
        card = parser.cards[f"w-{i}"]
        text = " ".join(" ".join(card["text"]).split())
        assert w.code in text and " ".join(w.message.split()) in text
        assert fmt_value(w.expected) in text and fmt_value(w.found) in text
        if w.page is not None:
            assert f"Halaman: {w.page}" in text
        if w.page is not None and w.severity != "info":  # a note on an unread table has no figure to frame
            [src] = card["img"]
            assert src.startswith("data:image/png;base64,")
            image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
            assert image.width > 100 and image.height > 30


def test_program_i_figures_side_by_side(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    i = html.index("ANGGARAN_SUM_ANAK")
    card = html[i : html.index('<div class="card', i)]
    assert "2.549.177.250" in card and "2.259.208.970" in card and 'kotak merah: "2.259.208.970"' in card


def test_text_is_escaped(betara: Report) -> None:
    evil = betara.model_copy(deep=True)
    evil.tables[0].judul = "<script>alert(1)</script>"
    evil.warnings[0].message = 'a "quote" & <b>tag</b>'
    html = render_review(evil, None)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;tag&lt;/b&gt;" in html


def test_docx_page_has_no_crops() -> None:
    html = render_review(extracted("kec-betara-2022.docx"), REPORTS / "kec-betara-2022.docx")
    assert "data:image/png" not in html and html.count('class="card') == 16


def test_cli_writes_the_page(tmp_path: Path) -> None:
    import typer

    from lkjip.pipeline.commands.review import register

    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # with two commands Typer keeps "review" as a subcommand
    result = CliRunner().invoke(
        app, ["review", str(REPORTS / "kec-kramatwatu-2021.docx"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "kec-kramatwatu-2021.html"
    assert out.exists() and "Tidak ada peringatan" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (apt-get install chromium)")
def test_page_renders_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    cmd = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1280,2000",
        page.resolve().as_uri(),
    ]
    subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    assert shot.exists(), "chromium wrote no screenshot"
    image = Image.open(shot).convert("L")
    assert image.size == (1280, 2000)
    assert max(ImageStat.Stat(image).var) > 100  # not a blank page
    # the page's red "galat" badges and grade render: some strongly red pixels exist
    raw = Image.open(shot).convert("RGB").resize((320, 500)).tobytes()
    pixels = zip(raw[0::3], raw[1::3], raw[2::3], strict=True)
    assert any(r > 150 and g < 80 and b < 80 for r, g, b in pixels)
