"""Fixtures without planted contradictions raise no error-severity warning, and no check crashes."""

from __future__ import annotations

import pytest

from tests.conftest import extracted

CLEAN = [
    f"kec-{name}.{ext}"
    for name in (
        "kramatwatu-2021",
        "kramatwatu-2022",
        "kramatwatu-2023",
        "waringinkurung-2022",
        "waringinkurung-2023",
        "waringinkurung-2024",
    )
    for ext in ("pdf", "docx")
]


@pytest.mark.parametrize("name", CLEAN)
def test_no_error_warnings(name: str) -> None:
    r = extracted(name)
    errors = [w.message for w in r.warnings if w.severity == "error"]
    assert errors == []
    assert not [e for e in r.errors if e.stage == "check"]
