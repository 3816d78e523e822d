"""lkjip: Indonesian government performance reports (LKjIP) as data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from outputs.dataset import Dataset


def open_dataset(path: Any) -> Dataset:
    """Open a dataset written by ``lkjip ingest``: pandas DataFrames for every table (see README)."""
    from outputs.dataset import Dataset

    return Dataset.open(path)


__all__ = ["__version__", "open_dataset"]
