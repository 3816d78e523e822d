"""The shipped JSON Schema is the one the records generate, and goldens validate against the records."""

from __future__ import annotations

from lkjip.schema.__main__ import SCHEMA_FILE, schema_text


def test_shipped_schema_is_current() -> None:
    assert SCHEMA_FILE.read_text() == schema_text(), "run: python -m lkjip.schema"
