"""Table pages read by pypdfium2 (the fast path) give exactly what pdfminer's reading gives."""

from __future__ import annotations

import pytest

from lkjip.pipeline.report import process_file
from tests.conftest import REPORTS


@pytest.mark.parametrize("name", ["kec-betara-2022.pdf", "kec-sukodono-2019.pdf"])
def test_fast_page_matches_pdfminer(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = process_file(REPORTS / name)
    monkeypatch.setenv("LKJIP_PDFMINER", "1")
    slow = process_file(REPORTS / name)
    assert fast.iku == slow.iku
    assert fast.anggaran == slow.anggaran
    assert fast.idm == slow.idm
    assert [t.model_dump() for t in fast.tables] == [t.model_dump() for t in slow.tables]
