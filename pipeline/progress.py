"""What a running ingest shows on the terminal: a rich progress bar on stderr with the counts of
ok / partial / failed reports, the rate and the time left, from the first file that lands."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


def rate_and_eta(done: int, total: int, seconds: float) -> tuple[float, float] | None:
    """Given files done of total after seconds of reading, return (files per minute, seconds left),
    None before the first file."""
    if done <= 0 or seconds <= 0:
        return None
    per_second = done / seconds
    return per_second * 60, max(0, total - done) / per_second


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


class IngestProgress:
    """The ingest's progress bar; ``tick`` once per report that landed in the dataset."""

    def __init__(self, console: Console, quiet: bool) -> None:
        self.counts = {"ok": 0, "partial": 0, "failed": 0}
        self.total = 0
        self.started = time.monotonic()
        self.bar = None if quiet else Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[speed]}"),
            TimeElapsedColumn(), console=console,
        )  # fmt: skip
        self.task: object = None

    @property
    def landed(self) -> int:
        return sum(self.counts.values())

    def start(self, total: int) -> None:
        self.total, self.started = total, time.monotonic()
        if self.bar is not None and total:
            self.bar.start()
            self.task = self.bar.add_task(self._desc(), total=total, speed=self._speed())

    def tick(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, advance=1, description=self._desc(), speed=self._speed())  # type: ignore[arg-type]

    def _desc(self) -> str:
        c = self.counts
        return f"ok {c['ok']} · sebagian {c['partial']} · gagal {c['failed']}"

    def _speed(self) -> str:
        got = rate_and_eta(self.landed, self.total, time.monotonic() - self.started)
        if got is None:
            return "-- berkas/menit · sisa --:--"
        per_minute, left = got
        return f"{per_minute:.1f} berkas/menit · sisa {_clock(left)}"

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
