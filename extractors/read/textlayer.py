"""Is a document's text layer text, or glyph garbage?

A PDF whose fonts carry no Unicode map gives ``(cid:12)(cid:7)`` (pdfminer),
U+FFFD or private-use code points (pdfium) instead of words. Such pages look
read but hold nothing; they need OCR. This looks at the text a reader kept
(text blocks and table cells), page by page.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lkjip.extractors.model.document import Document, TableBlock

_CID = re.compile(r"\(cid:\d+\)")
_GARBAGE = re.compile(r"[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1f\x7f]")
MIN_CHARS = 30  # fewer printable characters than this: too little to judge
MAX_GARBAGE = 0.2  # share of garbage characters above which a page is garbled


def garbage_share(text: str) -> float:
    """Given a page's text, return the share of its printable characters that are glyph garbage."""
    printable = sum(1 for c in text if not c.isspace())
    if not printable:
        return 0.0
    cid_chars = sum(len(m) for m in _CID.findall(text))
    return min(1.0, (cid_chars + len(_GARBAGE.findall(text))) / printable)


def page_texts(doc: Document) -> dict[int | None, str]:
    """Given a Document, return the text it kept per page (None for formats without pages)."""
    out: dict[int | None, list[str]] = defaultdict(list)
    for block in doc.blocks:
        if isinstance(block, TableBlock):
            for row, page in zip(block.rows, block.row_pages, strict=False):
                out[page].extend(c.text for c in row if c.is_origin)
        else:
            out[block.page].append(block.text)
    return {page: "\n".join(parts) for page, parts in out.items()}


def garbled_pages(doc: Document) -> list[int | None]:
    """Given a Document, return the pages whose text is mostly glyph garbage, in order."""
    found = [
        page
        for page, text in page_texts(doc).items()
        if sum(1 for c in text if not c.isspace()) >= MIN_CHARS and garbage_share(text) > MAX_GARBAGE
    ]
    return sorted(found, key=lambda p: -1 if p is None else p)
