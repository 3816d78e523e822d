"""Runtime settings, validated once, passed as one object (never loose strings)."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Settings(BaseModel):
    """Limits and knobs of one run. Defaults suit a laptop; all are CLI options too."""

    max_pages: int = Field(1500, ge=1, description="Refuse PDFs with more pages than this.")
    timeout_seconds: float = Field(300.0, gt=0, description="Give up on one document after this long.")
    workers: int = Field(1, ge=1, description="Parallel worker processes for ingest.")
