"""The Serang series (three kecamatan × three years, DOCX) ingested in-process, once per test worker."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from functools import cache
from pathlib import Path

from lkjip.outputs.panels import PanelDataset, materialise_panels
from lkjip.pipeline.ingest import ingest
from lkjip.pipeline.report import add_review_page
from lkjip.pipeline.settings import Settings
from lkjip.records import Report
from tests.conftest import REPORTS, extracted

SERIES = [
    f"kec-{kec}-{year}.docx"
    for kec, years in (
        ("anyar", (2021, 2022, 2023)),
        ("kramatwatu", (2021, 2022, 2023)),
        ("waringinkurung", (2022, 2023, 2024)),
    )
    for year in years
]


def run_in_process(paths: list[Path], settings: Settings, write: Callable[[Path, Report], None]) -> None:
    """The ingest runner without Prefect: each file's (cached) extraction, written as it comes."""
    for p in paths:
        write(p, add_review_page(extracted(p.name), p, settings))


def ingest_files(names: list[str], root: Path) -> Path:
    """Copy fixture reports to ``root/in``, ingest them into ``root/dataset`` and materialise the panels."""
    src, out = root / "in", root / "dataset"
    src.mkdir(parents=True, exist_ok=True)
    for n in names:
        shutil.copy(REPORTS / n, src / n)
    ingest(src, out, Settings(), run_in_process)
    ds = PanelDataset.create(out)
    try:
        materialise_panels(ds)
    finally:
        ds.close()
    return out


@cache
def series_dataset(root: Path) -> Path:
    return ingest_files(SERIES, root)
