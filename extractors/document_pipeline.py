"""A report file's pages to a ``Document``: the readers (``read``) give each page's text, words and rules,
the structure (``structure``) builds the page's tables and lines from them.

A digitally born PDF is read in two passes to stay fast: pypdfium2 reads every page's text (about 1,500
pages/s), pages without a usable text layer are read by OCR (``read.ocr``, their blocks from
``structure.scan_page``), ``read.triage`` picks the pages that may hold a table of interest, and only those
go through the table finder (``structure.pdf_page``, on pdfium's page or, where pdfium cannot describe
it, pdfplumber's; about 14 pages/s), each within a time budget. Other pages contribute their text lines only.
A DOCX is read by ``read.docx_reader``, whose tables carry their own structure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from lkjip.extractors.model.document import Block, Document
from lkjip.extractors.model.errors import ReadError
from lkjip.extractors.read.budget import StepTimeout, step_budget
from lkjip.extractors.read.fast_page import fast_page
from lkjip.extractors.read.ocr.scan import ScanRead, scanned_pages, triaged_page
from lkjip.extractors.read.ocr.words import OcrError, check_tesseract, words_to_lines
from lkjip.extractors.read.pdf import (
    Plumber,
    pdf_page_paths,
    pdf_page_texts,
    refuse_reference_loops,
    text_to_lines,
    use_pdfium,
)
from lkjip.extractors.read.rotation import upright_page
from lkjip.extractors.read.triage import table_candidate_pages
from lkjip.extractors.structure.pdf_page import page_to_blocks
from lkjip.extractors.structure.scan_grid import line_to_block
from lkjip.extractors.structure.scan_page import full_page
from lkjip.records import ErrorItem

# words that make a scanned page with a ruled table worth reading at full resolution
INTEREST = re.compile(
    r"\b(target|realisasi|capaian|pagu|anggaran|indikator|iks|ike|ikl|idm|sasaran|kegiatan|program|desa)\b",
    re.IGNORECASE,
)


def read_pdf(path: Path, source_file: str | None = None, max_pages: int | None = None) -> Document:
    """Given a text-layer PDF, return its blocks; tables only from triaged pages."""
    refuse_reference_loops(path)
    texts = pdf_page_texts(path, max_pages=max_pages)
    scan = read_scans(path, texts)  # pages without a usable text layer, read by OCR
    candidates = table_candidate_pages(texts, pdf_page_paths(path))
    blocks: list[Block] = []
    plumber = Plumber(path)  # pdfminer opens the file only for a page pdfium cannot describe
    stalled: list[int] = []
    try:
        fast_pdf = pdfium.PdfDocument(str(path))
        try:
            for i in range(len(texts)):
                if i in scan.blocks:
                    blocks.extend(scan.blocks[i])
                elif i not in candidates:
                    blocks.extend(text_to_lines(texts[i], i + 1))
                else:
                    try:
                        with step_budget(PAGE_SECONDS + PAGE_SECONDS_PER_PAGE * len(texts)):
                            page_blocks = _page_blocks(fast_pdf, plumber, i)
                    except StepTimeout:
                        plumber.stalled = True
                        page_blocks = None
                    if page_blocks is None:  # pdfminer stalled on this page or an earlier one: text only
                        stalled.append(i + 1)
                        page_blocks = text_to_lines(texts[i], i + 1)
                    blocks.extend(page_blocks)
        finally:
            fast_pdf.close()
            plumber.close()
    except ReadError:
        raise
    except Exception as exc:  # pdfminer raises many types on broken files
        raise ReadError("CORRUPT", f"PDF rusak saat dibaca tata letaknya ({type(exc).__name__}: {exc}).") from exc
    errors = list(scan.errors)
    if stalled:
        errors.append(stalled_pages_error(stalled))
    return Document(
        source_file=source_file or path.name,
        format="pdf",
        text_source=scan.text_source(len(texts)),
        pages=len(texts),
        blocks=blocks,
        errors=errors,
        ocr_confidence=scan.confidence,
    )


# a page's layout read gets this long (pdfplumber reads a page in about 0.2 s), plus a little per page of
# the document: pdfminer's first page walks the whole page tree
PAGE_SECONDS = 20.0
PAGE_SECONDS_PER_PAGE = 0.02


def stalled_pages_error(pages: list[int]) -> ErrorItem:
    """The record of pages whose layout read ran past its budget (their text lines are kept)."""
    shown = ", ".join(map(str, pages[:20])) + (" ..." if len(pages) > 20 else "")
    return ErrorItem(
        stage="read", code="PAGE_TIMEOUT", page=pages[0],
        message=f"Tata letak halaman {shown} tidak selesai dibaca dalam {PAGE_SECONDS:g} detik (struktur PDF "
        "kemungkinan rusak atau berputar); teksnya tetap dibaca, tetapi tabel di halaman itu tidak. Simpan "
        "ulang PDF-nya dari aplikasi aslinya lalu proses ulang.",
    )  # fmt: skip


def _fast_page_blocks(fast_pdf: Any, i: int) -> list[Block] | None:
    """The page's blocks read by pdfium alone, or None when the page needs pdfminer."""
    pdfium_page = fast_pdf[i]
    page = fast_page(pdfium_page) if use_pdfium() else None
    pdfium_page.close()
    return None if page is None else page_to_blocks(page, i + 1)


def _page_blocks(fast_pdf: Any, plumber: Plumber, i: int) -> list[Block] | None:
    """A candidate page's text lines and tables: by pdfium, or pdfminer where pdfium cannot describe it
    (None when pdfminer has stalled before)."""
    blocks = _fast_page_blocks(fast_pdf, i)
    if blocks is not None or plumber.stalled:
        return blocks
    page = plumber.page(i)
    page = upright_page(page) or page  # a landscape table turned on a portrait page
    blocks = page_to_blocks(page, i + 1)
    page.close()
    return blocks


def read_scans(path: Path, texts: list[str]) -> ScanRead:
    """Given a PDF and its text layer per page, OCR the pages without a usable layer.

    ``texts`` is updated in place with the OCR text of those pages, so page
    triage and metadata see every page's text whatever its source.
    """
    scan = read_scanned(path, sorted(scanned_pages(path, texts)))
    for i, text in scan.texts.items():
        texts[i] = text
    return scan


def read_scanned(path: Path, indices: Sequence[int]) -> ScanRead:
    """Given a PDF and the 0-based pages to OCR, return their blocks, texts and cell confidences."""
    out = ScanRead()
    if not indices:
        return out
    try:
        check_tesseract()
    except OcrError as exc:
        out.errors.append(ErrorItem(stage="ocr", code=exc.code, message=exc.message))
        for i in indices:
            out.blocks[i], out.texts[i] = [], ""
        return out
    pdf = pdfium.PdfDocument(str(path))
    previous_candidate = False
    try:
        for i in sorted(indices):
            try:
                previous_candidate = _read_page(pdf, i, out, previous_candidate)
            except OcrError as exc:
                out.errors.append(ErrorItem(stage="ocr", code=exc.code, message=exc.message, page=i + 1))
                out.blocks[i], out.texts[i] = [], ""
                previous_candidate = False
    finally:
        pdf.close()
    return out


def _read_page(pdf: pdfium.PdfDocument, i: int, out: ScanRead, previous_candidate: bool) -> bool:
    page, words = triaged_page(pdf, i)
    height = float(page.gray.shape[0])
    lines = words_to_lines(words)
    text = "\n".join(ln.text for ln in lines)
    candidate = bool(table_candidate_pages([text])) or (
        bool(page.grids) and (bool(INTEREST.search(text)) or previous_candidate)
    )
    if not candidate:
        out.blocks[i] = [line_to_block(ln, i + 1, height) for ln in lines]
        out.texts[i] = text
        return False
    out.full_resolution.add(i)
    blocks, text = full_page(page, i + 1, out.confidence)
    out.blocks[i], out.texts[i] = blocks, text
    return True
