"""A digitally born PDF as the reader sees it: each page's text (pypdfium2, about 1,500 pages/s), how many
vector paths each page draws (table borders are paths), the pre-read check for objects whose references go
round, and pdfplumber's document opened only for a page pdfium cannot describe.

The page loop that reads the pages and builds their blocks is ``extractors.document_pipeline.read_pdf``;
the blocks of a table page are built by ``structure.pdf_page``.
"""

from __future__ import annotations

import mmap
import os
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from lkjip.extractors.model.document import Block, TextBlock
from lkjip.extractors.model.errors import ReadError
from lkjip.extractors.read.pdf_objects import reference_loops


def pdf_page_texts(path: Path, max_pages: int | None = None) -> list[str]:
    """Given a PDF, return the text of each page (pypdfium2), raising ReadError when unreadable."""
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        msg = str(exc).lower()
        if "password" in msg:
            raise ReadError(
                "ENCRYPTED", "PDF terkunci kata sandi; buka kuncinya lalu proses ulang."
            ) from exc
        raise ReadError("CORRUPT", f"PDF tidak dapat dibaca ({exc}); unduh ulang berkasnya.") from exc
    try:
        n = len(pdf)
        if max_pages is not None and n > max_pages:
            raise ReadError(
                "TOO_MANY_PAGES",
                f"PDF memiliki {n} halaman, melebihi batas {max_pages}; naikkan batas max_pages bila berkas ini memang laporan.",
            )
        texts: list[str] = []
        for i in range(n):
            page = pdf[i]
            tp = page.get_textpage()
            texts.append(tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            tp.close()
            page.close()
        return texts
    finally:
        pdf.close()


def pdf_page_paths(path: Path) -> list[int]:
    """Given a readable PDF, return how many vector paths each page draws (table borders are paths)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        counts: list[int] = []
        for i in range(len(pdf)):
            page = pdf[i]
            counts.append(sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2)))
            page.close()
        return counts
    finally:
        pdf.close()


def refuse_reference_loops(path: Path) -> None:
    """Raise ReadError CYCLIC_OBJECT when the PDF holds an object whose references go round."""
    with path.open("rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file: the readers say what is wrong with it
            return
        try:
            loops = reference_loops(data)
        finally:
            data.close()
    if loops:
        first = loops[0]
        more = f" dan {len(loops) - 1} objek lain" if len(loops) > 1 else ""
        raise ReadError(
            "CYCLIC_OBJECT",
            f"PDF rusak: objek {first.obj}{more} merujuk dirinya sendiri ({first.what}), sehingga pembaca PDF "
            "akan berputar tanpa henti. Buka PDF-nya di penampil PDF lalu simpan atau cetak ulang sebagai PDF "
            "baru, kemudian proses ulang.",
        )


class Plumber:
    """pdfplumber's document, opened on first use; closed without reading every page (its own
    ``close`` walks the whole page tree first, with pdfminer)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf: Any = None
        self.stalled = False

    def page(self, i: int) -> Any:
        if self.pdf is None:
            self.pdf = pdfplumber.open(str(self.path))
        return self.pdf.pages[i]

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.stream.close()


def use_pdfium() -> bool:
    """pdfium reads table pages unless LKJIP_PDFMINER=1 asks for pdfminer (to compare the two)."""
    return os.environ.get("LKJIP_PDFMINER") != "1"


def text_to_lines(text: str, page_no: int) -> list[Block]:
    return [TextBlock(text=line, page=page_no) for line in text.split("\n") if line.strip()]
