"""lkjip: Indonesian government performance reports (LKjIP) as data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from lkjip.outputs.panels import PanelDataset


def open_dataset(path: Any) -> PanelDataset:
    """Open a dataset written by ``lkjip ingest``: pandas DataFrames for every table
    (``ds.iku``, ``ds.table("warnings")``) and panel (``ds.iku_panel``, ``ds.anggaran_panel``,
    ``ds.idm_panel``, ``ds.panel_warnings``); see README."""
    from lkjip.outputs.panels import PanelDataset

    return PanelDataset.open(path)


__all__ = ["__version__", "open_dataset"]
