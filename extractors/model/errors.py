"""Exceptions of the read stage, and the catalogue of the codes a file can fail with.

Every code is stable (users filter on it); the message that goes with it is
one or two sentences in Bahasa Indonesia saying what happened and what the
user can do.
"""

from __future__ import annotations

# code -> what it means (for the README, the tests and anyone filtering the errors table)
ERROR_CODES: dict[str, str] = {
    "EMPTY": "the file has no bytes",
    "NOT_A_DOCUMENT": "the bytes are not a PDF, DOCX, DOC or ODT (HTML, text, another zip, ...)",
    "NOT_A_FILE": "the entry is a FIFO, socket or device, not a regular file",
    "UNREADABLE": "the file or folder cannot be opened (permissions, I/O error)",
    "BROKEN_LINK": "a symbolic link whose target does not exist",
    "SYMLINK_LOOP": "a symbolic link that points back to itself or to a folder above it",
    "SYMLINK_DIR": "a symbolic link to a folder, which ingest does not follow",
    "CORRUPT": "the document is damaged beyond repair (bad zip, bad XML, unreadable PDF)",
    "TRUNCATED": "the PDF ends early; what could be read was read",
    "XREF_BROKEN": "the PDF's cross-reference table is broken; the file was read by repair",
    "CYCLIC_OBJECT": "the PDF holds an object whose references go round (a stream /Length or a page box that "
    "refers to itself, a chain of references back to its start): found before reading, readers would loop",
    "PAGE_TIMEOUT": "the layout of a page took longer than its budget (a loop in the PDF's structure); the "
    "page's text was kept, its tables were not read",
    "ENCRYPTED": "the PDF needs a password to open",
    "TOO_MANY_PAGES": "more pages than max_pages",
    "TOO_LARGE": "a DOCX part inflates past max_decompressed_mb (zip bomb)",
    "MEMORY_LIMIT": "reading the document took more memory than max_memory_mb",
    "TIMEOUT": "reading the document took longer than timeout_seconds",
    "UNSUPPORTED_FORMAT": "a format that needs a tool that is missing (.doc/.odt without LibreOffice, images)",
    "CONVERSION_FAILED": "LibreOffice could not convert the .doc/.odt",
    "WORKER_CRASHED": "the process reading the document died (native crash)",
    "NO_TEXT": "no text layer at all: a scan that needs OCR",
    "GARBLED_TEXT": "the text layer is glyph garbage ((cid:x), U+FFFD): the pages need OCR",
    "NO_TABLES": "read fine, but no IKU, anggaran or IDM table was found (not an LKjIP, or a report without tables)",
    "METADATA_FAILED": "an internal error while reading the cover (instansi, year); tables still count",
    "TABLE_UNREADABLE": "an internal error while locating or reading one table",
    "CHECK_FAILED": "an internal error in one consistency check",
    "WRITE_FAILED": "the dataset refused the report's rows",
}


class ReadError(Exception):
    """The file could not be read at all (encrypted, corrupt, not a document).

    ``code`` is one of the contract's error codes; ``message`` says what
    happened and what the user can do, in Bahasa Indonesia.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
