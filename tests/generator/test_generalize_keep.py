"""``benchmarks.generalize --keep DIR`` is how a failing seed is reproduced and looked at: its documents,
goldens and generator notes must stay in DIR after the run (they were deleted with the rest once)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from benchmarks.generalize import run


def test_keep_leaves_the_drawn_documents_in_the_folder(tmp_path: Path) -> None:
    [result] = run([4242], "docx", 1, tmp_path)
    assert result.error is None
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert any(n.endswith(".docx") for n in kept), kept
    assert any(n.endswith(".expected.json") for n in kept), kept


def test_without_keep_nothing_is_left_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    run([4242], "docx", 1, None)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
