"""Tesseract as a function: a grey page image in, word boxes with confidence out.

The ``tesseract`` command line is called with TSV output (one process per
image; the image goes in on stdin as PGM, nothing touches the disk). OpenMP is
limited to one thread: Tesseract's own threads cost more than they give on
small images, and a worker pool already uses every core.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, replace
from functools import cache

import numpy as np

LANG = "ind"
# Figures are read with the English model: the Indonesian one reads "%" as "Yo" or "96"
# ("55%" -> "5596"), and digits are the same in both languages.
DIGIT_LANG = "eng"
TIMEOUT_SECONDS = 120.0
_ENV = {**os.environ, "OMP_THREAD_LIMIT": "1"}


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
def tesseract_languages() -> frozenset[str]:
    """The traineddata Tesseract has here (empty when Tesseract is not installed)."""
    exe = shutil.which("tesseract")
    if exe is None:
        return frozenset()
    done = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, env=_ENV, check=False)
    lines = done.stdout.splitlines()[1:]
    return frozenset(ln.strip() for ln in lines if ln.strip())


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


def _pgm(image: np.ndarray) -> bytes:
    h, w = image.shape[:2]
    return f"P5\n{w} {h}\n255\n".encode() + np.ascontiguousarray(image, dtype=np.uint8).tobytes()


def run_tesseract(
    image: np.ndarray, *, psm: int, dpi: int, config: tuple[str, ...] = (), out: str = "tsv", lang: str = LANG
) -> str:
    """Given a grey image, return Tesseract's output (``tsv`` or ``txt``) as text."""
    args = ["tesseract", "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(dpi)]
    for c in config:
        args += ["-c", c]
    if out == "tsv":
        args.append("tsv")
    try:
        done = subprocess.run(args, input=_pgm(image), capture_output=True, timeout=TIMEOUT_SECONDS, env=_ENV, check=False)
    except FileNotFoundError as exc:
        raise OcrError("OCR_UNAVAILABLE", "Tesseract tidak terpasang; pasang paket Debian tesseract-ocr.") from exc
    except subprocess.TimeoutExpired as exc:
        raise OcrError("TIMEOUT", f"OCR halaman melebihi {TIMEOUT_SECONDS:.0f} detik.") from exc
    if done.returncode != 0:
        raise OcrError("OCR_FAILED", f"Tesseract gagal: {done.stderr.decode(errors='replace').strip()[:200]}")
    return done.stdout.decode("utf-8", errors="replace")


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
    args = ["tesseract", "stdin", "stdout", "--psm", "0", "--dpi", str(dpi), "-l", "osd"]
    try:
        done = subprocess.run(args, input=_pgm(image), capture_output=True, timeout=60, env=_ENV, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = done.stdout.decode(errors="replace")
    rotate = conf = None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Rotate":
            rotate = int(value.strip())
        elif key.strip() == "Orientation confidence":
            conf = float(value.strip())
    if rotate is None or conf is None or conf < 1.0:
        return None
    return rotate
