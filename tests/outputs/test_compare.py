"""`lkjip compare` and `lkjip export` on the Serang series (in-process, through the real CLI app)."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import lkjip
from lkjip.outputs.compare import Query, UnknownName, compare
from lkjip.pipeline.cli import app
from lkjip.pipeline.commands import register_all
from tests.outputs._series import series_dataset

register_all(app)
runner = CliRunner()


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return series_dataset(tmp_path_factory.mktemp("series"))


@pytest.fixture(scope="module")
def panels(series: Path) -> dict[str, pd.DataFrame]:
    with lkjip.open_dataset(series) as ds:
        return ds.panels()


def test_ikm_across_the_kabupaten(panels: dict[str, pd.DataFrame]) -> None:
    c = compare(panels, Query("indikator", "ikm", kabupaten="Serang"))
    assert list(c.wide.columns) == ["instansi", "2021", "2022", "2023", "2024"]
    rows = {r[0]: r[1:] for r in c.wide.itertuples(index=False, name=None)}
    assert rows["Kecamatan Anyar"][:3] == (81.90, 83.10, 84.55) and math.isnan(rows["Kecamatan Anyar"][3])
    assert rows["Kecamatan Kramatwatu"][:3] == (82.45, 83.45, 84.12)
    assert math.isnan(rows["Kecamatan Waringinkurung"][0]) and rows["Kecamatan Waringinkurung"][1:] == (
        82.36,
        83.74,
        85.10,
    )
    assert c.text[(1, "2022")] == "83,45"  # printed "83.45": shown the Indonesian way with its decimals


def test_one_instansi_by_short_name_and_field(panels: dict[str, pd.DataFrame]) -> None:
    c = compare(panels, Query("indikator", "idm_rata_rata", field="target", instansi="anyar"))
    assert c.wide.to_dict("records") == [
        {"instansi": "Kecamatan Anyar", "2021": 0.69, "2022": 0.69, "2023": 0.70}
    ]


def test_unknown_indicator_suggests_close_keys(panels: dict[str, pd.DataFrame]) -> None:
    with pytest.raises(UnknownName) as exc:
        compare(panels, Query("indikator", "ikn"))
    assert exc.value.suggestions[0] == "ikm"
    assert "tidak ada di dataset" in str(exc.value) and "ikm" in str(exc.value)
    with pytest.raises(UnknownName) as by_text:
        compare(panels, Query("indikator", "Survei Kepuasan Masyarakat (SKM)"))
    assert "ikm" in by_text.value.suggestions  # a printed wording points to its key


def test_programme_by_its_abbreviated_name(panels: dict[str, pd.DataFrame]) -> None:
    c = compare(
        panels, Query("program", "Program Penunjang Urusan Pemerintahan Daerah Kab/Kota", field="pagu")
    )
    assert list(c.wide["instansi"]) == ["Kecamatan Anyar", "Kecamatan Kramatwatu", "Kecamatan Waringinkurung"]
    assert c.text[(0, "2021")] == "5.641.771.000"


def test_desa_restated_cell_is_marked(panels: dict[str, pd.DataFrame]) -> None:
    c = compare(panels, Query("desa", "Bandulu", field="status_idm"))
    assert c.wide.to_dict("records") == [
        {
            "instansi": "Kecamatan Anyar",
            "kode_desa": "3604302005",
            "nama_desa": "Bandulu",
            "2021": "Maju",
            "2022": "Maju",
            "2023": "Maju",
        }
    ]
    assert c.restated == {(0, "2021")}
    assert len(c.sources[c.sources["tahun"] == 2021]) == 2  # both statements of 2021 stay


def test_cli_compare_prints_and_writes_csv(series: Path, tmp_path: Path) -> None:
    out = tmp_path / "ikm.csv"
    res = runner.invoke(app, ["compare", str(series), "--indikator", "ikm", "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "Kecamatan Waringinkurung" in res.stdout and "85,10" in res.stdout
    written = pd.read_csv(out)
    assert list(written.columns) == ["instansi", "2021", "2022", "2023", "2024"] and len(written) == 3


def test_cli_compare_xlsx_has_comparison_and_sources(series: Path, tmp_path: Path) -> None:
    out = tmp_path / "idm.xlsx"
    res = runner.invoke(
        app, ["compare", str(series), "--idm", "--instansi", "Kecamatan Anyar", "--out", str(out)]
    )
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["perbandingan", "sumber"]
    ws = wb["perbandingan"]
    assert ws.freeze_panes == "A2" and ws.max_row == 13  # header + 12 desa
    assert isinstance(ws["D2"].value, float)


def test_cli_compare_unknown_indicator_is_a_usage_error(series: Path) -> None:
    res = runner.invoke(app, ["compare", str(series), "--indikator", "nilai_akp"])
    assert res.exit_code == 2
    assert "nilai_akip" in res.output and "tidak ada di dataset" in res.output


def test_cli_compare_needs_exactly_one_subject(series: Path) -> None:
    res = runner.invoke(app, ["compare", str(series), "--indikator", "ikm", "--idm"])
    assert res.exit_code == 2


def test_cli_export_all_three_formats(series: Path, tmp_path: Path) -> None:
    for fmt, out in (
        ("csv", tmp_path / "csv"),
        ("parquet", tmp_path / "pq"),
        ("xlsx", tmp_path / "all.xlsx"),
    ):
        res = runner.invoke(app, ["export", str(series), "--format", fmt, "--out", str(out)])
        assert res.exit_code == 0, res.output
    names = [
        "reports",
        "tables",
        "iku",
        "anggaran",
        "idm",
        "warnings",
        "errors",
        "iku_panel",
        "anggaran_panel",
        "idm_panel",
        "panel_warnings",
    ]
    assert sorted(p.stem for p in (tmp_path / "csv").glob("*.csv")) == sorted(names)
    with lkjip.open_dataset(series) as ds:
        anggaran = ds.anggaran
    from_csv = pd.read_csv(tmp_path / "csv" / "anggaran.csv")
    assert len(from_csv) == len(anggaran) and from_csv["path"].iloc[0].startswith("[")
    assert len(pd.read_parquet(tmp_path / "pq" / "idm_panel.parquet")) == 152
    wb = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert wb.sheetnames == names
    ws = wb["iku"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.b
    header = [c.value for c in ws[1]]
    row2 = {h: c for h, c in zip(header, ws[2], strict=True)}
    assert row2["row_index"].data_type == "n" and row2["target"].data_type == "n"  # numbers, not text
    assert row2["indikator"].data_type == "s" and row2["target"].number_format == "#,##0.####"
    assert wb["reports"].max_row == 10


def test_cli_export_xlsx_needs_an_xlsx_name(series: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", str(series), "--format", "xlsx", "--out", str(tmp_path / "x.csv")])
    assert res.exit_code == 2
