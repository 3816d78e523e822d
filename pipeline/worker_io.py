"""What a document's worker does around the reading: count the pages its time limit is made of,
and keep what the reading libraries print on stderr out of the user's terminal."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lkjip.records import Warning


def pdf_page_count(path: Path) -> int | None:
    """Given a file, return its page count when it is a PDF pdfium opens (milliseconds), else None."""
    import pypdfium2 as pdfium

    from lkjip.extractors.read.formats import sniff_format

    try:
        if not stat.S_ISREG(path.stat().st_mode) or sniff_format(path) != "pdf":  # a FIFO would block the read
            return None
        pdf = pdfium.PdfDocument(str(path))
    except Exception:  # not a file, unreadable, not a PDF pdfium opens: the reader will say why
        return None
    try:
        return len(pdf)
    finally:
        pdf.close()


@dataclass
class Noise:
    """The lines written to stderr during a ``captured_stderr`` block (filled when it ends)."""

    lines: list[str] = field(default_factory=list)


MAX_NOISE_LINES = 50


@contextlib.contextmanager
def captured_stderr() -> Iterator[Noise]:
    """Send what this process writes to file descriptor 2 (Leptonica, Tesseract, pdfium, Python's
    warnings and logging) to a temporary file for the block; the lines it held are in ``.lines``
    afterwards. At file-descriptor level, so native libraries' writes are caught too."""
    noise = Noise()
    sys.stderr.flush()
    saved, python_stderr = os.dup(2), sys.stderr
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 (Python's writes too, wherever sys.stderr pointed)
        try:
            yield noise
        finally:
            sys.stderr.flush()
            sys.stderr.close()
            sys.stderr = python_stderr
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            text = sink.read(1 << 20).decode("utf-8", "replace")
            noise.lines = [line.strip()[:300] for line in text.splitlines() if line.strip()]


def library_noise_warning(lines: list[str]) -> Warning:
    """The info note that keeps what the reading libraries printed (harmless, but the user's terminal
    is no place for it): the first lines in ``found``."""
    return Warning(
        code="PESAN_PUSTAKA", severity="info", found=lines[:MAX_NOISE_LINES],
        message=f"Pustaka pembaca (Leptonica, Tesseract, pdfminer) mencetak {len(lines)} baris pesan saat "
        "membaca berkas ini; pesan seperti ini biasanya tidak berbahaya dan disimpan di sini, bukan di layar.",
    )  # fmt: skip
