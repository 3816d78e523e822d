"""What a file is, by its bytes rather than its name."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lkjip.records import Format


def sniff_format(path: Path) -> Format | None:
    """Given a file, return "pdf", "docx", "doc", "odt", "image", or None when it is none of these."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and zf.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text"):
                    return "odt"
        except zipfile.BadZipFile:
            return None
    # A PDF may carry junk before its header (allowed within the first 1 KiB).
    with path.open("rb") as fh:
        if b"%PDF-" in fh.read(1024):
            return "pdf"
    return None
