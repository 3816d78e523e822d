"""lkjip: Indonesian government performance reports (LKjIP) as data."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from lkjip.outputs.panels import PanelDataset
    from lkjip.pipeline.settings import Settings
    from lkjip.records import Report


def extract(path: str | os.PathLike[str], settings: Settings | None = None) -> Report:
    """Given one report file (PDF or DOCX), return its ``Report``: metadata (``report.report``), tables,
    rows, warnings and errors, as ``lkjip extract --json`` prints it; ``report.dataframe("iku")`` (or
    ``report.dataframes()``) gives the families as pandas DataFrames. The file is read in a child
    process under the limits of ``settings`` (the defaults of ``lkjip extract``); a file that cannot
    be read is a report with status ``failed`` and an error record, never an exception."""
    from pathlib import Path

    from lkjip.pipeline.limits import process_file_limited

    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"no such file: {file}")
    return process_file_limited(file, settings)


def open_dataset(path: Any) -> PanelDataset:
    """Open a dataset written by ``lkjip ingest``: pandas DataFrames for every table
    (``ds.iku``, ``ds.table("warnings")``) and panel (``ds.iku_panel``, ``ds.anggaran_panel``,
    ``ds.idm_panel``, ``ds.panel_warnings``); see README."""
    from lkjip.outputs.panels import PanelDataset

    return PanelDataset.open(path)


__all__ = ["__version__", "extract", "open_dataset"]
