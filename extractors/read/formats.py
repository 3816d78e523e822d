"""What a file is, by its bytes rather than its name, and whether a PDF's ending is sound."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import BinaryIO

from lkjip.records import Format

_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_OBJ_HEAD = re.compile(rb"\s*(\d+)\s+\d+\s+obj\b")
_OBJ_ANYWHERE = re.compile(rb"\d+\s+\d+\s+obj\b")
TAIL_BYTES = 4096  # writers put %%EOF within the last bytes; a little trailing junk is common


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
                if "mimetype" in names:
                    with zf.open("mimetype") as fh:  # read a few bytes only: the entry may be a bomb
                        if fh.read(64).startswith(b"application/vnd.oasis.opendocument.text"):
                            return "odt"
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError):
            return None
    # A PDF may carry junk before its header (allowed within the first 1 KiB).
    with path.open("rb") as fh:
        if b"%PDF-" in fh.read(1024):
            return "pdf"
    return None


def is_zip(path: Path) -> bool:
    """True when the file starts like a zip archive (a DOCX, XLSX, ODT, or a damaged one)."""
    with path.open("rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def zip_opens(path: Path) -> bool:
    """True when the file is a zip archive whose directory can be read."""
    try:
        with zipfile.ZipFile(path):
            return True
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return False


def pdf_has_objects(path: Path) -> bool:
    """True when the first 64 KiB hold a PDF object: the file was a PDF before it was cut."""
    with path.open("rb") as fh:
        return _OBJ_ANYWHERE.search(fh.read(1 << 16)) is not None


def pdf_ending_problems(path: Path) -> list[str]:
    """Given a PDF, return "TRUNCATED" when it has no %%EOF near its end and "XREF_BROKEN" when
    its last ``startxref`` does not point at a cross-reference table or stream, or the table's
    entries do not point at the objects they name.

    Readers repair both silently, so this is how the user learns that what was read
    may be incomplete.
    """
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(1024)
        fh.seek(max(0, size - TAIL_BYTES))
        tail = fh.read()
        if b"%%EOF" not in tail:
            return ["TRUNCATED"]  # the cross-reference table went with the missing end
        found = _STARTXREF.findall(tail)
        if not found:
            return ["XREF_BROKEN"]
        offset = int(found[-1])
        base = max(0, head.find(b"%PDF-"))
        for shift in sorted({0, base}):  # offsets count from the header when junk precedes it
            if offset + shift >= size:
                continue
            fh.seek(offset + shift)
            at = fh.read(MAX_XREF_BYTES)
            if _OBJ_HEAD.match(at):
                return []  # a cross-reference stream (PDF 1.5+): its entries are compressed
            if at.lstrip().startswith(b"xref"):
                return [] if _entries_point_at_objects(fh, at, shift, size) else ["XREF_BROKEN"]
    return ["XREF_BROKEN"]


MAX_XREF_BYTES = 1 << 20  # entries beyond the first MiB of a table are not checked
_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*[\r\n]+")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")


def _entries_point_at_objects(fh: BinaryIO, table: bytes, shift: int, size: int) -> bool:
    """True when every in-use entry of a classic xref table points at "<its number> <gen> obj"."""
    pos = table.index(b"xref") + 4
    while True:
        m = _SUBSECTION.match(table, pos + len(table[pos:]) - len(table[pos:].lstrip()))
        if m is None:
            return True
        first, count = int(m.group(1)), int(m.group(2))
        pos = m.end()
        for k in range(count):
            entry = _ENTRY.match(table, pos)
            if entry is None:
                return pos >= len(table) - 20  # the table ran past what was read: unchecked, not wrong
            pos = entry.end()
            while pos < len(table) and table[pos : pos + 1] in b" \r\n":
                pos += 1
            if entry.group(3) != b"n":
                continue
            where = int(entry.group(1)) + shift
            if where >= size:
                return False
            fh.seek(where)
            obj = _OBJ_HEAD.match(fh.read(32))
            if obj is None or int(obj.group(1)) != first + k:
                return False
