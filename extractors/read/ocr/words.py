"""Tesseract as a function: a grey page image in, word boxes with confidence out (and the words grouped
into printed lines, ``words_to_lines``).

Tesseract runs in process through tesserocr (its maintained Python binding,
which ships libtesseract in its wheel) with the traineddata of the Debian
packages (``tesseract-ocr-ind``, ``-eng``, ``-osd``). One engine per
(language, page segmentation mode, settings) is loaded once per process and
reused: a page's five or six readings no longer each pay a process start and a
model load (about 0.5 s a call with the command line), and a single table cell
can be read on its own for about 2 ms, which is what lets the short-cell and
digit passes read every cell separately.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

LANG = "ind"
# Figures are read with the English model: the Indonesian one reads "%" as "Yo" or "96"
# ("55%" -> "5596"), and digits are the same in both languages.
DIGIT_LANG = "eng"
# where Debian (Tesseract 5 and 4) and other distributions put the traineddata
TESSDATA_DIRS = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
)
os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # a worker pool already uses every core


class OcrError(Exception):
    """Tesseract is missing or failed; ``code`` is a contract error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Word:
    """One word Tesseract read: text, confidence 0..100 and box in pixels of the image read."""

    text: str
    conf: float
    x0: float
    y0: float
    x1: float
    y1: float
    line: tuple[int, int, int] = (0, 0, 0)  # (block, paragraph, line) as Tesseract grouped it

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def shifted(self, dx: float, dy: float, scale: float = 1.0) -> Word:
        return Word(
            self.text,
            self.conf,
            (self.x0 + dx) * scale,
            (self.y0 + dy) * scale,
            (self.x1 + dx) * scale,
            (self.y1 + dy) * scale,
            self.line,
        )


@cache
def tessdata_dir() -> Path | None:
    """The folder holding the traineddata: ``TESSDATA_PREFIX`` when set, else the first usual place with any."""
    env = os.environ.get("TESSDATA_PREFIX")
    candidates = ([env, str(Path(env) / "tessdata")] if env else []) + list(TESSDATA_DIRS)
    for folder in candidates:
        if any(Path(folder).glob("*.traineddata")):
            return Path(folder)
    return None


@cache
def tesseract_languages() -> frozenset[str]:
    """The traineddata Tesseract has here (empty when none is installed or tesserocr is missing)."""
    folder = tessdata_dir()
    if folder is None:
        return frozenset()
    try:
        import tesserocr  # noqa: F401  (the engine itself must load too)
    except ImportError:
        return frozenset()
    return frozenset(p.name.removesuffix(".traineddata") for p in folder.glob("*.traineddata"))


def check_tesseract() -> None:
    """Raise OcrError when Tesseract or its Indonesian model is missing."""
    langs = tesseract_languages()
    if not langs:
        raise OcrError(
            "OCR_UNAVAILABLE",
            "Tesseract tidak terpasang; pasang paket Debian tesseract-ocr dan tesseract-ocr-ind lalu proses ulang.",
        )
    if LANG not in langs or DIGIT_LANG not in langs:
        raise OcrError(
            "OCR_UNAVAILABLE", "Model bahasa Tesseract (ind, eng) tidak lengkap; pasang paket Debian tesseract-ocr-ind dan tesseract-ocr-eng.",
        )


_LOCK = threading.Lock()  # one engine serves one image at a time; threads (tests, Prefect) take turns


@cache
def _engine(lang: str, psm: int, config: tuple[str, ...]) -> Any:
    import tesserocr

    try:
        api = tesserocr.PyTessBaseAPI(path=f"{tessdata_dir()}/", lang=lang, psm=psm)
    except RuntimeError as exc:
        raise OcrError("OCR_UNAVAILABLE", f"Tesseract tidak dapat memuat model {lang}: {exc}") from exc
    for item in config:
        name, _, value = item.partition("=")
        api.SetVariable(name, value)
    return api


def _set_image(api: Any, image: np.ndarray, dpi: int) -> None:
    from PIL import Image

    api.SetImage(Image.fromarray(np.ascontiguousarray(image, dtype=np.uint8)))
    api.SetSourceResolution(dpi)


def run_tesseract(image: np.ndarray, *, psm: int, dpi: int, config: tuple[str, ...] = (), lang: str = LANG) -> str:
    """Given a grey image, return Tesseract's TSV for it (the command line's ``tsv`` output, header included)."""
    if image.size == 0:
        return TSV_HEADER
    with _LOCK:
        api = _engine(lang, psm, config)
        _set_image(api, image, dpi)
        try:
            body = api.GetTSVText(0)
        except RuntimeError as exc:
            raise OcrError("OCR_FAILED", f"Tesseract gagal: {exc}") from exc
    return TSV_HEADER + str(body)


TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


def tsv_to_words(tsv: str) -> list[Word]:
    """Given Tesseract TSV, return its words (level 5 rows with text), in Tesseract's reading order."""
    words: list[Word] = []
    for line in tsv.splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = parts[11].strip()
        if not text:
            continue
        left, top, width, height = (float(p) for p in parts[6:10])
        words.append(
            Word(
                text=text,
                conf=max(0.0, float(parts[10])),
                x0=left,
                y0=top,
                x1=left + width,
                y1=top + height,
                line=(int(parts[2]), int(parts[3]), int(parts[4])),
            )
        )
    return words


def read_words(
    image: np.ndarray, *, dpi: int, psm: int = 3, config: tuple[str, ...] = (), lang: str = LANG
) -> list[Word]:
    """Given a grey image, return the words Tesseract reads in it."""
    words = tsv_to_words(run_tesseract(image, psm=psm, dpi=dpi, config=config, lang=lang))
    if lang != LANG:
        return words
    return [w if (t := fix_percent(w.text)) == w.text else replace(w, text=t) for w in words]


# The Indonesian model's readings of "%": alone ("Yo", "(Yo)") or after a figure ("90Y6", "61,4Yo").
_LONE_PERCENT = re.compile(r"^(\(?)(?:Yo|Y6|Y9|%o|9%)(\)?[.,;:]?)$")
_TRAILING_PERCENT = re.compile(r"(?<=\d)(?:Yo|Y6|Y9|%o)(?=$|[).,;:])")


def fix_percent(text: str) -> str:
    """Given a word the Indonesian model read, return it with its known misreadings of "%" undone."""
    return _TRAILING_PERCENT.sub("%", _LONE_PERCENT.sub(r"\1%\2", text))


def osd_rotation(image: np.ndarray, dpi: int) -> int | None:
    """Degrees (0, 90, 180, 270) to rotate the image clockwise so its text is upright, from
    Tesseract's orientation detection; None when it is not installed or not sure."""
    if "osd" not in tesseract_languages():
        return None
    import tesserocr

    with _LOCK:
        api = _engine("osd", int(tesserocr.PSM.OSD_ONLY), ())
        _set_image(api, image, dpi)
        found = api.DetectOrientationScript()
    if not found or found.get("orient_conf", 0.0) < 1.0:
        return None
    # tesserocr gives the text's orientation (counter-clockwise); the command line's "Rotate" is its complement
    return (360 - int(found["orient_deg"])) % 360


@dataclass(frozen=True, slots=True)
class Line:
    """A printed line: its words left to right and its box (pixels)."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def conf(self) -> float:
        return min(w.conf for w in self.words)


def words_to_lines(words: list[Word]) -> list[Line]:
    """Given words, return printed lines top to bottom: a word joins the line its middle overlaps."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if rows:
            last = rows[-1]
            top = sum(x.y0 for x in last) / len(last)
            bottom = sum(x.y1 for x in last) / len(last)
            if top <= w.cy <= bottom:
                last.append(w)
                continue
        rows.append([w])
    return [Line(tuple(sorted(r, key=lambda w: w.x0))) for r in rows]
