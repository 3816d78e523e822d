"""Runtime settings, validated once, passed as one object (never loose strings)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Settings(BaseModel):
    """Limits and knobs of one run. Defaults suit a laptop; all are CLI options too.

    The limits hold per file and are enforced from outside the parsers
    (``pipeline.limits`` runs each document in a child process), so a parser
    that hangs or a bomb that inflates cannot stall or sink a batch.
    """

    max_pages: int = Field(1500, ge=1, description="Refuse PDFs with more pages than this.")
    max_decompressed_mb: int = Field(
        128, ge=1, description="Refuse a DOCX whose document part inflates past this many MiB (zip bomb)."
    )
    timeout_seconds: float = Field(
        3600.0, gt=0, description="Give up on one document after this long, however many pages it has."
    )
    file_seconds: float = Field(
        120.0, gt=0, description="Time limit of a document before its pages count: opening it, a DOCX, the stages after reading."
    )
    page_seconds: float = Field(3.0, ge=0, description="Seconds each page of a PDF adds to its document's time limit.")
    max_memory_mb: int = Field(
        2048, ge=64, description="Stop the worker of one document when it holds more memory than this (MiB)."
    )
    libreoffice: str = Field(
        "soffice", description="LibreOffice command that converts .doc/.odt to DOCX; empty to disable."
    )
    workers: int = Field(1, ge=1, description="Parallel worker processes for ingest.")
    review_dir: str | None = Field(
        None, description="Folder where each document's worker writes its review page (ingest sets it)."
    )

    def time_limit(self, pages: int | None) -> float:
        """Given a document's page count (None before it is known, or for a DOCX), return its time limit."""
        return min(self.timeout_seconds, self.file_seconds + self.page_seconds * (pages or 0))

    @property
    def max_decompressed_bytes(self) -> int:
        return self.max_decompressed_mb * 1024 * 1024
