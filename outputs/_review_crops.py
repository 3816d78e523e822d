"""Crops of the PDF page around each disputed figure, for the review page.

For a warning on a table row, the figure is the row's printed cell of the
warning's field (``capaian_teks`` for "capaian", ...), found with pdfplumber's
``page.search`` on the warning's page; when it is printed more than once there,
the occurrence on the line of the row's label wins. A warning without a page
(narrative figures, another instansi named in the text) is looked up by the
name it reports, else by the words of the quote in its message. The page is rendered with pypdfium2, the
crop framed around figure and label, and the figure boxed in red.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import pdfplumber
import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from lkjip.extractors.read.fast_page import fast_page
from lkjip.records import AnggaranRow, IdmRow, IkuRow, Report, Warning

#: Render scale (pixels per PDF point) of the page before cropping.
RENDER_SCALE: Final[float] = 2.0
#: Margin around figure and label, in PDF points.
MARGIN_X: Final[float] = 36.0
MARGIN_Y: Final[float] = 24.0
#: Narrowest crop, in PDF points, so a lone figure keeps some of its row.
MIN_WIDTH: Final[float] = 320.0
#: Words of a message's quote searched for when the warning has no page.
QUOTE_WORDS: Final[int] = 6
LABEL_WORDS: Final[int] = 3

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points (top-left origin)
Row = IkuRow | AnggaranRow | IdmRow

_QUOTE = re.compile(r'\("(?P<q>[^"]{8,})"\)|"(?P<q2>[^"]{12,})"')
# the printed cell that holds the figure of a field, when it is not ``<field>_teks``
_TEKS_OF: Final[dict[str, str]] = {
    "kategori_target": "target_teks",
    "kategori": "realisasi_teks",
    "kode": "kode",
}


@dataclass(frozen=True, slots=True)
class Crop:
    page: int  # 1-based
    png_data_uri: str
    figure_found: bool  # False: only the row label (or quote) was found, the figure box is a guess
    searched: str  # the printed text looked for


def row_of(report: Report, w: Warning) -> Row | None:
    """Given a warning, return the record its ``row`` points at (in the family of its table)."""
    if w.row is None or w.table_id is None:
        return None
    jenis = next((t.jenis for t in report.tables if t.table_id == w.table_id), None)
    family: list[Row]
    if jenis == "idm":
        family = list(report.idm)
    elif jenis in ("realisasi_anggaran", "alokasi_anggaran"):
        family = list(report.anggaran)
    else:
        family = list(report.iku)
    return family[w.row] if 0 <= w.row < len(family) else None


def figure_text(w: Warning, row: Row | None) -> str | None:
    """Given a warning and its row, return the disputed figure exactly as printed."""
    if w.code == "ANGKA_AMBIGU" and isinstance(w.found, str):
        return w.found
    if row is None or w.field is None:
        return None
    for name in (_TEKS_OF.get(w.field, ""), f"{w.field}_teks", w.field):
        value = getattr(row, name, None) if name else None
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def label_text(row: Row | None) -> str | None:
    """Given a row, return the first words of its label, to find its line on the page."""
    if row is None:
        return None
    if isinstance(row, AnggaranRow):
        text = row.kode if row.kode and row.level != "jumlah" else row.uraian
    elif isinstance(row, IdmRow):
        text = row.kode_desa_teks or row.nama_desa
    else:
        text = row.indikator
    words = (text or "").split()
    return " ".join(words[:LABEL_WORDS]) or None


def quote_text(message: str) -> str | None:
    """Given a warning message, return some whole words of the quote it carries, for a text search."""
    m = _QUOTE.search(message)
    if not m:
        return None
    words = (m.group("q") or m.group("q2") or "").replace("…", " ").split()
    if len(words) > 2:
        words = words[1:]  # the first word of a snippet may be cut
    return " ".join(words[:QUOTE_WORDS]) or None


def text_to_pattern(text: str) -> str:
    """Given printed text, return a regex matching it with any whitespace (or none) between words."""
    return r"\s*".join(re.escape(w) for w in text.split())


def _search(page: Any, text: str) -> list[Box]:
    try:
        hits = page.search(text_to_pattern(text), regex=True, return_chars=False)
    except Exception:  # pdfplumber raises on odd layouts; a crop is best effort
        return []
    return [(h["x0"], h["top"], h["x1"], h["bottom"]) for h in hits]


def _closest(figures: list[Box], anchors: list[Box]) -> tuple[Box, Box | None]:
    """The figure on the line of a label (right of it preferred), else the first figure."""
    if not anchors:
        return figures[0], None
    best: tuple[float, Box, Box] | None = None
    for f in figures:
        for a in anchors:
            dy = abs((f[1] + f[3]) / 2 - (a[1] + a[3]) / 2)
            score = dy + (0.0 if f[0] >= a[0] else 50.0)
            if best is None or score < best[0]:
                best = (score, f, a)
    assert best is not None
    return best[1], best[2]


def _frame(fig: Box, anchor: Box | None, width: float, height: float) -> Box:
    boxes = [fig] + ([anchor] if anchor and abs(anchor[1] - fig[1]) < 120 else [])
    x0, top = min(b[0] for b in boxes) - MARGIN_X, min(b[1] for b in boxes) - MARGIN_Y
    x1, bottom = max(b[2] for b in boxes) + MARGIN_X, max(b[3] for b in boxes) + MARGIN_Y
    if x1 - x0 < MIN_WIDTH:
        grow = (MIN_WIDTH - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    return max(0.0, x0), max(0.0, top), min(width, x1), min(height, bottom)


def _png_uri(image: Image.Image) -> str:
    buf = io.BytesIO()
    # level 3: a third faster than the default 6 and smaller on these crops; optimize=True costs more
    # than the bytes it saves
    image.save(buf, format="PNG", compress_level=3)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


class PageImages:
    """Rendered pages of one PDF: an unrotated page renders just the framed region; a rotated one
    renders whole, once, and is cropped."""

    def __init__(self, pdf: pdfium.PdfDocument) -> None:
        self.pdf = pdf
        self.cache: dict[int, Image.Image] = {}

    def get(self, page_no: int) -> Image.Image:
        if page_no not in self.cache:
            page = self.pdf[page_no - 1]
            try:
                self.cache[page_no] = page.render(scale=RENDER_SCALE).to_pil().convert("RGB")
            finally:
                page.close()
        return self.cache[page_no]

    def region(self, page_no: int, frame: Box) -> Image.Image:
        """The framed region (PDF points, top-left origin) of a page, rendered at ``RENDER_SCALE``."""
        if page_no not in self.cache:
            page = self.pdf[page_no - 1]
            try:
                width, height = page.get_size()
                x0, top, x1, bottom = frame
                if page.get_rotation() == 0 and 0 <= x0 < x1 <= width and 0 <= top < bottom <= height:
                    crop = (x0, height - bottom, width - x1, top)
                    region: Image.Image = page.render(scale=RENDER_SCALE, crop=crop).to_pil().convert("RGB")
                    return region
            finally:
                page.close()
        s = RENDER_SCALE
        return self.get(page_no).crop(tuple(round(v * s) for v in frame))  # type: ignore[arg-type]


def crop_box(images: PageImages, page_no: int, frame: Box, mark: Box) -> str:
    """Given a page, a frame and the figure's box (PDF points), return the crop as a PNG data URI."""
    s = RENDER_SCALE
    image = images.region(page_no, frame)
    draw = ImageDraw.Draw(image)
    mx0, mtop, mx1, mbottom = (
        (mark[0] - frame[0]) * s,
        (mark[1] - frame[1]) * s,
        (mark[2] - frame[0]) * s,
        (mark[3] - frame[1]) * s,
    )
    draw.rectangle((mx0 - 4, mtop - 3, mx1 + 4, mbottom + 3), outline=(220, 0, 0), width=3)
    return _png_uri(image)


class Pages:
    """The PDF's pages for searching, each read once: by pypdfium2 (fast), by pdfplumber when pdfium
    cannot describe the page exactly; with each page's plain text to skip pages without the needle."""

    def __init__(self, pdf: pdfium.PdfDocument, pdf_path: Path) -> None:
        self.pdf = pdf
        self.path = pdf_path
        self.cache: dict[int, Any] = {}
        self.texts: dict[int, str] = {}
        self._plumber: Any = None

    def __len__(self) -> int:
        return len(self.pdf)

    def page(self, page_no: int) -> Any:
        if page_no not in self.cache:
            raw = self.pdf[page_no - 1]
            page = fast_page(raw)
            raw.close()
            if page is None:
                if self._plumber is None:
                    self._plumber = pdfplumber.open(str(self.path))
                page = self._plumber.pages[page_no - 1]
            self.cache[page_no] = page
        return self.cache[page_no]

    def may_hold(self, page_no: int, text: str, whole: bool = False) -> bool:
        """Does the page's plain text hold the first word of ``text`` (``whole``: all of it, spaces aside)?"""
        if page_no not in self.texts:
            raw = self.pdf[page_no - 1]
            tp = raw.get_textpage()
            self.texts[page_no] = re.sub(r"\s+", "", tp.get_text_range())
            tp.close()
            raw.close()
        return re.sub(r"\s+", "", text if whole else text.split()[0]) in self.texts[page_no]

    def holding(self, text: str) -> list[int]:
        """The pages worth searching for ``text``: those whose plain text holds all of it, else (a text
        layer whose order differs from the layout's) those that hold its first word."""
        pages = range(1, len(self) + 1)
        return [n for n in pages if self.may_hold(n, text, whole=True)] or [
            n for n in pages if self.may_hold(n, text)
        ]

    def close(self) -> None:
        if self._plumber is not None:
            self._plumber.close()


@contextmanager
def _open(pdf_path: Path) -> Iterator[tuple[Pages, PageImages]]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    pages = Pages(pdf, pdf_path)
    try:
        yield pages, PageImages(pdf)
    finally:
        pages.close()
        pdf.close()


def _locate(pages_: Pages, report: Report, w: Warning) -> tuple[int, Box, Box | None, bool, str] | None:
    row = row_of(report, w)
    figure, label = figure_text(w, row), label_text(row)
    pages = [w.page] if w.page else []
    if not w.page:
        # a name (INSTANSI_LAIN) is searched as printed; a figure by the words of the message's quote
        named = w.found if isinstance(w.found, str) and w.found.strip() else None
        figure, label = named or quote_text(w.message), None
    if not figure:
        return None
    if not w.page:
        pages = pages_.holding(figure)
    for page_no in pages:
        if not 1 <= page_no <= len(pages_):
            continue
        page = pages_.page(page_no)
        anchors = _search(page, label) if label else []
        # a cell wrapped inside its column ("56,00 (C / Kategori)") is found by its first word
        for needle in dict.fromkeys([figure, figure.split()[0]] if w.page else [figure]):
            figures = _search(page, needle)
            if figures:
                fig, anchor = _closest(figures, anchors)
                return page_no, fig, anchor, True, needle
        if anchors and w.page:
            return page_no, anchors[0], None, False, figure
    return None


# A report with more warnings than this is broken in bulk (a table printed twice, a misread
# document); its page stays quick to make and to open, and the later warnings link to their page.
MAX_CROPS = 150


def warning_crops(report: Report, pdf_path: Path) -> dict[int, Crop]:
    """Given a report and its PDF, return a crop per warning index where the figure can be found."""
    out: dict[int, Crop] = {}
    if not report.warnings:
        return out
    made: dict[tuple[int, Box, Box], str] = {}  # warnings on one figure (a row checked twice) share its crop
    try:
        with _open(pdf_path) as (pages, images):
            for i, w in enumerate(report.warnings[:MAX_CROPS]):
                try:
                    where = _locate(pages, report, w)
                    if where is None:
                        continue
                    page_no, fig, anchor, exact, searched = where
                    page = pages.page(page_no)
                    frame = _frame(fig, anchor, float(page.width), float(page.height))
                    key = (page_no, frame, fig)
                    if key not in made:
                        made[key] = crop_box(images, page_no, frame, fig)
                    out[i] = Crop(page_no, made[key], exact, searched)
                except Exception:  # one odd warning never costs the others their crops
                    continue
    except Exception:  # an unreadable PDF gives a page without crops, never no page
        return out
    return out
