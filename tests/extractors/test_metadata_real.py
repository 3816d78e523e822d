"""On every real golden (fixtures/real/), the report's instansi, provinsi, kabupaten and tahun are right
(issue 15: "instansi, provinsi, kabupaten and tahun right on every report").

Only the metadata is read (the document and its cover, no tables), so this runs in a fraction of the
whole pipeline's time. The documents stay in ``../shared/real/docs`` (or ``$LKJIP_REAL_DOCS``); where
that folder is absent the test is skipped and says so.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lkjip.extractors.report.metadata import extract_metadata
from lkjip.pipeline.report import read_document
from lkjip.pipeline.settings import Settings
from lkjip.real_scoring import REPORT_FIELDS, RealGolden, is_real_golden

ROOT = Path(__file__).resolve().parents[2]
GOLDENS = sorted(p for p in (ROOT / "fixtures" / "real").glob("*.expected.json") if is_real_golden(p))
DOCS = Path(os.environ.get("LKJIP_REAL_DOCS", ROOT.parent / "shared" / "real" / "docs"))


@pytest.mark.parametrize("path", GOLDENS, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_real_report_metadata(path: Path) -> None:
    golden = RealGolden.load(path)
    src = DOCS / golden.source_file
    if not src.exists():
        pytest.skip(f"the real document is not here ({src}); set LKJIP_REAL_DOCS to its folder")
    md = extract_metadata(read_document(src, Settings(), golden.source_file))
    got = {"instansi": md.place.instansi, "provinsi": md.place.provinsi, "kabupaten": md.place.kabupaten,
           "tahun": md.tahun}  # fmt: skip
    want = {f: golden.report[f] for f in REPORT_FIELDS if f in golden.report}
    assert {f: got[f] for f in want} == want
