"""One installed package: the stages are importable as ``lkjip.<stage>`` and nothing else is installed
under a generic top-level name (``pipeline``, ``checks``) that could clash with another project's."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("pipeline", "extractors", "normalizers", "checks", "outputs")


def test_outside_the_checkout_only_lkjip_is_importable(tmp_path: Path) -> None:
    """From a folder that is not the checkout (as a user's script runs), the installed package answers
    for every stage and the bare stage names are not importable at all."""
    script = (
        "import importlib.util, sys\n"
        f"stages = {STAGES!r}\n"
        "bare = [s for s in stages if importlib.util.find_spec(s) is not None]\n"
        "import lkjip.pipeline.cli, lkjip.extractors.locate.tables, lkjip.normalizers.numbers, lkjip.checks.base, lkjip.outputs.dataset\n"
        "from lkjip.normalizers.numbers import read_number\n"
        "print(' '.join(bare) or 'none', read_number('2.584.957.568,00').value)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    bare, value = done.stdout.split()
    assert bare == "none"
    assert float(value) == 2584957568.0


def test_a_report_extracts_from_outside_the_checkout(tmp_path: Path) -> None:
    """The whole path of one report (package data such as the indicator catalogue and the region aliases
    included) runs from a folder that is not the checkout, as the installed `lkjip` command does."""
    docx = sorted((ROOT / "fixtures" / "reports").glob("*.docx"))[0]
    done = subprocess.run([sys.executable, "-m", "lkjip.pipeline.cli", "extract", str(docx), "--json"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert done.returncode in (0, 1), done.stderr[-2000:]
    report = json.loads(done.stdout)
    assert report["errors"] == []
    assert report["iku"] or report["anggaran"] or report["idm"]


def test_no_source_imports_a_stage_by_its_bare_name() -> None:
    """A module imported both as ``pipeline.x`` and ``lkjip.pipeline.x`` would exist twice (two registries of
    checks, two classes that fail isinstance): every import goes through ``lkjip``."""
    bare = re.compile(rf"^\s*(from|import)\s+({'|'.join(STAGES)})\b", re.M)
    offenders = []
    for folder in (*STAGES, "lkjip", "tests", "benchmarks", "fixtures"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.is_relative_to(ROOT / "fixtures" / "build") or any(p.is_symlink() for p in path.parents):
                continue
            if bare.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
