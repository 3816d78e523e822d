"""Byte-level mutations of real report files never crash or hang the reader (issue 18).

Seeded and deterministic: each mutant is one of the committed PDFs and DOCX files
(``fixtures/reports``, ``fixtures/bad``) with bytes flipped, a slice erased,
duplicated or cut off, a reference pointed at another object (loops), or, for a
DOCX, its ``word/document.xml`` mutated and zipped again (so the XML parser sees
the damage, not only the zip layer). Every mutant is read the way ingest reads a
file: in a worker process under a per-file limit (by its pages). A crash is an exception that
escapes instead of an error record (the worker dies: ``WORKER_CRASHED``, or
``run_limited`` raises); a hang is a file stopped by the limit (``TIMEOUT``).

``LKJIP_FUZZ=N`` runs N mutants (the suite runs ``SUITE_MUTANTS``); ``-s``
prints the counts.
"""

from __future__ import annotations

import io
import os
import random
import re
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fixtures.bad.make import HERE as BAD
from lkjip.pipeline.limits import run_limited
from lkjip.pipeline.settings import Settings
from tests.conftest import REPORTS

SUITE_MUTANTS = 200
SEED = 18
# a mutant gets 20 s plus 6 s a page: a fixture report reads in under a second, but a mutant whose fonts
# broke is read by OCR (2 s a page here when two readers share the cores with the suite's other tests)
LIMITS = Settings(file_seconds=20, page_seconds=6, timeout_seconds=300, max_memory_mb=1024, libreoffice="")
MAX_SEED_BYTES = 200_000


def _seeds() -> list[Path]:
    pdfs = sorted(REPORTS.glob("*.pdf"))[::2] + sorted(BAD.glob("*.pdf"))
    docx = sorted(REPORTS.glob("*.docx"))[::2] + sorted(BAD.glob("*.docx"))
    return [p for p in pdfs + docx if 0 < p.stat().st_size <= MAX_SEED_BYTES and "bom" not in p.name]


def _flip(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _erase(data: bytes, rng: random.Random) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.randint(1, 2048) :]


def _duplicate(data: bytes, rng: random.Random) -> bytes:
    at, size, to = rng.randrange(len(data)), rng.randint(1, 4096), rng.randrange(len(data))
    return data[:to] + data[at : at + size] + data[to:]


def _cut(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


_REF = re.compile(rb"\d+ 0 R")
_OBJ_NUMBER = re.compile(rb"(\d+) 0 obj")
_LENGTH = re.compile(rb"/Length \d+")


def _rewire(data: bytes, rng: random.Random) -> bytes:
    """A PDF with one reference (or a stream's /Length) pointed at another object, often itself."""
    numbers = _OBJ_NUMBER.findall(data)
    targets = _REF.findall(data) + _LENGTH.findall(data)
    if not numbers or not targets:
        return _flip(data, rng)
    old = rng.choice(targets)
    new = rng.choice(numbers) + b" 0 R"
    new = b"/Length " + new if old.startswith(b"/Length") else new
    at = data.find(old, rng.randrange(len(data)))
    at = data.find(old) if at < 0 else at
    return data[:at] + new + data[at + len(old) :]


def _docx_xml(data: bytes, rng: random.Random) -> bytes:
    """A DOCX whose document.xml has been mutated, zipped again (the zip itself stays sound)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = {name: zf.read(name) for name in zf.namelist()}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return _flip(data, rng)
    if "word/document.xml" not in parts:
        return _flip(data, rng)
    mutate = rng.choice([_flip, _erase, _duplicate, _cut])
    parts["word/document.xml"] = mutate(parts["word/document.xml"], rng)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, part in parts.items():
            zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), part, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [_flip, _erase, _duplicate, _cut]


def mutants(n: int, seed: int = SEED) -> list[tuple[str, bytes]]:
    """``n`` (name, bytes) mutants of the seed files, the same for the same ``n`` and ``seed``."""
    rng = random.Random(seed)
    seeds = [(p, p.read_bytes()) for p in _seeds()]
    out: list[tuple[str, bytes]] = []
    for k in range(n):
        path, data = seeds[k % len(seeds)]
        extra = [_rewire] if path.suffix == ".pdf" else [_docx_xml, _docx_xml]
        mutate = rng.choice(BYTE_MUTATIONS + extra)
        out.append((f"{k:04d}-{mutate.__name__.strip('_')}-{path.name}", mutate(data, rng)))
    return out


def test_mutants_are_deterministic() -> None:
    assert mutants(30) == mutants(30)
    assert len({data for _, data in mutants(30)}) == 30


def test_mutated_reports_never_crash_or_hang(tmp_path: Path) -> None:
    n = int(os.environ.get("LKJIP_FUZZ", SUITE_MUTANTS))
    files = []
    for name, data in mutants(n):
        (tmp_path / name).write_bytes(data)
        files.append(tmp_path / name)
    crashes: list[tuple[str, str]] = []
    started = time.monotonic()

    def read(path: Path) -> tuple[str, str, float]:
        try:
            report, usage = run_limited(path, LIMITS)
        except Exception as exc:  # an exception escaping the limited reader is a crash too
            return path.name, f"raised {type(exc).__name__}: {exc}", 0.0
        codes = [e.code for e in report.errors]
        assert report.report.status in ("ok", "partial", "failed"), path.name
        assert report.report.status != "failed" or codes, path.name  # a failure always says why
        assert all(e.message.strip() for e in report.errors), path.name
        return path.name, report.report.status + ("/" + codes[0] if codes else ""), usage.seconds

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(read, files))
    outcomes = Counter(r[1].split(":")[0] for r in results)
    crashes = [(name, got) for name, got, _ in results if got.startswith("raised") or "WORKER_CRASHED" in got]
    hangs = [(name, got) for name, got, _ in results if "TIMEOUT" in got]
    slowest = max(results, key=lambda r: r[2])
    print(f"fuzz: {len(files)} files, {len(crashes)} crashes, {len(hangs)} hangs in {time.monotonic() - started:.1f} s; "
          f"slowest {slowest[0]} {slowest[2]:.1f} s; outcomes {dict(outcomes.most_common())}")  # fmt: skip
    assert not crashes, crashes
    assert not hangs, hangs
    # every mutant is a readable regular file: damage inside it is never "cannot be opened"
    # (a DOCX whose entry points outside the archive was, before the fuzzing found it)
    assert not [r for r in results if "UNREADABLE" in r[1]], [r for r in results if "UNREADABLE" in r[1]]
