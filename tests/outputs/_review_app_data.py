"""Datasets for the review app's tests: fixture reports really ingested, and a 'newer pipeline' that
renumbers tables, lists them in another order and may drop rows."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from lkjip.outputs.review_app.keys import FAMILIES, family_of_jenis
from lkjip.pipeline.ingest import ingest
from lkjip.pipeline.settings import Settings
from lkjip.records import Report
from tests.conftest import REPORTS, extracted

Transform = Callable[[Report], Report]
NEWER_VERSION = "99.0.0-uji"


def ingest_fixtures(names: list[str], root: Path, transform: Transform | None = None, force: bool = False) -> Path:
    """Copy fixture reports to ``root/in`` (once) and ingest them into ``root/dataset``; return the dataset."""
    src, out = root / "in", root / "dataset"
    src.mkdir(parents=True, exist_ok=True)
    for n in names:
        if not (src / n).exists():
            shutil.copy(REPORTS / n, src / n)

    def run(paths: list[Path], settings: Settings, write: Callable[[Path, Report], None]) -> None:
        for p in paths:
            report = extracted(p.name).model_copy(deep=True)  # the real extraction, computed once per session
            write(p, transform(report) if transform else report)

    ingest(src, out, Settings(), run, force=force)
    return out


def newer_pipeline(drop: Callable[[str, object], bool] | None = None) -> Transform:
    """A changed pipeline: another version string, a table more found first (every table id shifts),
    the tables listed last to first (so every row_index changes), and the rows ``drop`` names gone."""

    def transform(report: Report) -> Report:
        r = report.model_copy(deep=True)
        r.report.pipeline_version = NEWER_VERSION
        ids = {t.table_id: f"t{i + 2:02d}" for i, t in enumerate(r.tables)}
        jenis = {ids[t.table_id]: t.jenis for t in r.tables}
        for t in r.tables:
            t.table_id = ids[t.table_id]
        r.tables.reverse()
        rank = {t.table_id: i for i, t in enumerate(r.tables)}
        for w in r.warnings:
            w.table_id = ids.get(w.table_id or "", w.table_id)
        for family in FAMILIES:
            rows = getattr(r, family)
            for row in rows:
                row.table_id = ids[row.table_id]
            order = sorted(range(len(rows)), key=lambda i: (rank.get(rows[i].table_id, 0), i))
            keep = [i for i in order if not (drop and drop(family, rows[i]))]
            new_pos = {old: new for new, old in enumerate(keep)}
            setattr(r, family, [rows[i] for i in keep])
            kept = []
            for w in r.warnings:
                if w.row is not None and w.table_id in jenis and family_of_jenis(jenis[w.table_id]) == family:
                    if w.row not in new_pos:
                        continue  # its row is gone, and the warning with it
                    w.row = new_pos[w.row]
                kept.append(w)
            r.warnings = kept
        r.warnings.reverse()
        return r

    return transform
