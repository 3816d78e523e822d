"""``lkjip.extract(path)``: one file from Python, its families as DataFrames; the README's example runs."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import lkjip
from lkjip.outputs.dataset import Dataset
from lkjip.outputs.schema import table_columns
from lkjip.records import FRAME_FAMILIES, Report
from tests.conftest import REPORTS, ROOT


def _readme_example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    (block,) = [b for b in blocks if "lkjip.extract(" in b]
    return block


def test_the_readme_example_runs_as_written(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(ROOT)
    names: dict[str, object] = {}
    exec(compile(_readme_example(), "README.md", "exec"), names)
    report, iku = names["report"], names["iku"]
    assert isinstance(report, Report) and isinstance(iku, pd.DataFrame)
    first = capsys.readouterr().out.splitlines()[0]
    assert first == "Kecamatan Betara 2022 ok"  # what the README's comment says it prints
    assert len(iku) == len(report.iku) > 0
    assert list(iku.indikator) == [r.indikator for r in report.iku]


def test_the_frames_are_the_dataset_tables_of_the_report(tmp_path: Path) -> None:
    report = lkjip.extract(REPORTS / "kec-anyar-2021.docx")
    assert report.report.status == "ok" and report.idm and report.anggaran
    frames = report.dataframes()
    assert tuple(frames) == FRAME_FAMILIES
    with Dataset.create(tmp_path / "ds") as ds:
        ds.write_report(report, str(REPORTS / "kec-anyar-2021.docx"))
        for family, frame in frames.items():
            assert list(frame.columns) == [c for c, _ in table_columns(family)], family
            stored = ds.table(family)
            assert len(frame) == len(stored) == len(getattr(report, family)), family
            plain = [c for c, t in table_columns(family) if t in ("VARCHAR", "BIGINT", "DOUBLE")]
            got = frame[plain].astype(object).where(frame[plain].notna(), None)
            want = stored[plain].astype(object).where(stored[plain].notna(), None)
            assert got.values.tolist() == want.values.tolist(), family
    assert frames["idm"].report_tahun.unique().tolist() == [2021]  # the report's year; idm's tahun is the IDM year


def test_an_unreadable_file_is_a_failed_report_and_a_missing_one_raises(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + b"\x00" * 100)
    report = lkjip.extract(bad)
    assert report.report.status == "failed" and report.errors[0].code == "CORRUPT"
    assert report.dataframe("errors").code.tolist() == ["CORRUPT"] and report.dataframe("iku").empty
    with pytest.raises(FileNotFoundError):
        lkjip.extract(tmp_path / "tidak-ada.pdf")
    with pytest.raises(KeyError):
        report.dataframe("reports")
