"""The reviewer decisions of a dataset: an append-only JSON-lines log, ``DATASET/corrections.jsonl``.

Why a file of its own and not a DuckDB table: ``lkjip ingest`` holds the
DuckDB file's write lock for its whole run (and DuckDB lets no other process
open a file another one writes), so a reviewer saving a decision during an
ingest would be refused, and the review app never keeps the database open.
The log is the source of truth; each ingest copies it into the DuckDB table
``corrections`` and ``parquet/corrections.parquet`` with each decision's
current status (``apply.resolve``).

Safety:

- every write appends one line under an exclusive ``flock`` on the file (and a
  lock per process for threads), so two browsers, two server threads or two
  servers saving at once lose nothing: there is no read-modify-write;
- the line is flushed and ``fsync``-ed before the app answers, so a decision the
  reviewer saw saved survives a crash or a power cut;
- a line cut short by a crash mid-write is skipped when read (and counted in
  ``Log.bad_lines``); the next append starts on a new line, so it never glues
  onto the torn one;
- nothing is ever rewritten or removed: a new decision on the same thing
  supersedes the earlier one, which stays in the log (and in the exports).
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

LOG_NAME: Final[str] = "corrections.jsonl"

Kind = Literal["cell", "warning", "table", "missed_table"]
Action = Literal["correct", "confirm", "dismiss", "reopen", "no_data", "has_data", "missed"]
#: which actions each kind of decision takes
ACTIONS: Final[dict[str, tuple[str, ...]]] = {
    "cell": ("correct",),
    "warning": ("confirm", "dismiss", "reopen"),
    "table": ("no_data", "has_data"),
    "missed_table": ("missed",),
}

_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


class Decision(BaseModel):
    """One reviewer decision, one line of the log. ``(report_id, kind, table, row, field)`` is what it is about."""

    model_config = ConfigDict(extra="allow")  # a newer lkjip may add fields; an older one keeps them

    decision_id: str
    kind: Kind
    action: Action
    report_id: str
    table: str  # "iku" | "anggaran" | "idm" (cells), "warnings", "tables", "pages" (a missed table)
    row: str  # the stable key (keys.py), strictest level; "p<page>" for a missed table
    row_keys: list[str]  # the key at every level, strict to loose
    field: str | None = None  # the corrected field, or the warning's
    value: Any = None  # the corrected value (number or text); a missed table's jenis, when given
    value_teks: str | None = None  # the value as the reviewer typed it
    printed_text: str | None = None  # the cell as printed (``*_teks``), kept beside the correction
    extracted_value: Any = None  # what the pipeline read
    label: str | None = None  # the row's label as printed, for people (indicator, uraian, desa)
    page: int | None = None
    reason: str = ""
    reviewer: str
    created_at: str  # ISO 8601, UTC
    pipeline_version: str | None = None  # of the extraction the reviewer looked at
    source_file: str | None = None

    @property
    def slot(self) -> tuple[str, str, str, str, str]:
        """What the decision is about: a later decision on the same slot supersedes it."""
        return (self.report_id, self.kind, self.table, self.row, self.field or "")


def new_decision(**fields: Any) -> Decision:
    """A decision with a fresh id and the current time (UTC)."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    return Decision(decision_id=uuid.uuid4().hex, created_at=now, **fields)


@dataclass
class Log:
    decisions: list[Decision] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)  # 1-based numbers of lines that could not be read


def _lock_for(path: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(str(path.resolve()), threading.Lock())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class CorrectionLog:
    """The decision log of one dataset folder."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.path = self.root / LOG_NAME

    def exists(self) -> bool:
        return self.path.is_file() and self.path.stat().st_size > 0

    def append(self, decision: Decision) -> None:
        """Append one decision durably: locked, on a line of its own, flushed and fsync-ed."""
        line = (json.dumps(decision.model_dump(mode="json"), ensure_ascii=False) + "\n").encode("utf-8")
        created = not self.path.exists()
        with _lock_for(self.path), open(self.path, "a+b") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            try:
                f.seek(0, os.SEEK_END)
                if f.tell() > 0:
                    f.seek(-1, os.SEEK_END)
                    if f.read(1) != b"\n":  # a line torn by a crash: ours starts on a new one
                        line = b"\n" + line
                f.write(line)
                f.flush()
                os.fsync(f.fileno())
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)
        if created:
            _fsync_dir(self.root)

    def read(self) -> Log:
        """Every decision in the log in the order written; unreadable lines are skipped and counted."""
        log = Log()
        if not self.path.exists():
            return log
        with open(self.path, "rb") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_SH)
            try:
                data = f.read()
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)
        for number, raw in enumerate(data.split(b"\n"), start=1):
            if not raw.strip():
                continue
            try:
                log.decisions.append(Decision.model_validate(json.loads(raw)))
            except (ValueError, ValidationError):
                log.bad_lines.append(number)
        return log
