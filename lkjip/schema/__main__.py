"""Write the contract's JSON Schema: ``python -m lkjip.schema`` (a test keeps it in step with the records)."""

from __future__ import annotations

import json
from pathlib import Path

from lkjip.records import Report

SCHEMA_FILE = Path(__file__).with_name("report.schema.json")


def schema_text() -> str:
    return json.dumps(Report.model_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(schema_text())
    print(f"wrote {SCHEMA_FILE}")
