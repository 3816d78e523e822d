"""Shared test helpers: the fixture reports and a cache of their extraction."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from lkjip.pipeline.report import process_file
from lkjip.records import Report

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"


@cache
def extracted(name: str) -> Report:
    """The extraction of fixtures/reports/NAME, computed once per test session."""
    return process_file(REPORTS / name)


def golden(name: str) -> Report:
    return Report.from_json((REPORTS / f"{name}.expected.json").read_text())


def fixture_documents() -> list[str]:
    return sorted(p.name for p in REPORTS.iterdir() if p.suffix in {".pdf", ".docx"})


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    return REPORTS
