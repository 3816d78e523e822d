"""``lkjip review FILE --out DIR``: extract one report and write its review page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.report import process_file
from pipeline.settings import Settings


def register(app: typer.Typer) -> None:
    """Add the ``review`` command to ``app``."""

    @app.command()
    def review(
        file: Annotated[Path, typer.Argument(help="A report: PDF or DOCX.", exists=True, dir_okay=False)],
        out: Annotated[Path, typer.Option("--out", "-o", help="Folder for the page (created when missing).")],
        max_pages: Annotated[int, typer.Option(help="Refuse PDFs with more pages than this.")] = 1500,
    ) -> None:
        """Write OUT/<file stem>.html: metadata, warnings with both figures and page crops, extracted tables.

        Exit code 0 when the page was written (also for an unreadable file: the page says why).
        """
        from outputs.review import write_review

        report = process_file(file, Settings(max_pages=max_pages))
        path = write_review(report, file, out)
        sys.stdout.write(f"{path}\n")
