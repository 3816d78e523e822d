"""Panels over the Serang series: three kecamatan × three years with changing indicator wordings."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import lkjip
from lkjip.outputs.dataset import Dataset
from lkjip.outputs.panels import (
    PANEL_COLUMNS,
    PANELS,
    PanelDataset,
    build_panels,
    materialise_panels,
    program_key,
)
from lkjip.records import Report
from tests.conftest import extracted
from tests.outputs._series import series_dataset

EXPECTED = Path(__file__).parent / "expected_panels"


@pytest.fixture(scope="module")
def series(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return series_dataset(tmp_path_factory.mktemp("series"))


def _same(got: pd.DataFrame, want: pd.DataFrame, key: list[str]) -> None:
    cols = list(want.columns)
    got = got[cols].sort_values(key).reset_index(drop=True)
    want = want.sort_values(key).reset_index(drop=True)
    assert len(got) == len(want), (len(got), len(want))
    for c in cols:
        for i, (g, w) in enumerate(zip(got[c], want[c], strict=True)):
            if isinstance(w, float) or isinstance(g, float):
                both_missing = pd.isna(g) and pd.isna(w)
                assert both_missing or math.isclose(float(g), float(w), abs_tol=1e-9), (
                    c,
                    i,
                    g,
                    w,
                    got.loc[i, key].tolist(),
                )
            else:
                assert str(g) == str(w), (c, i, g, w, got.loc[i, key].tolist())


def _expected(name: str) -> pd.DataFrame:
    return pd.read_csv(
        EXPECTED / f"{name}.csv", dtype={"desa_key": str, "kunci": str, "expected": str, "found": str}
    )


def test_iku_panel_matches_expected(series: Path) -> None:
    with lkjip.open_dataset(series) as ds:
        got = ds.iku_panel
    catalogue = got[~got["indikator_kode"].str.startswith("x_")]
    _same(catalogue, _expected("iku_panel"), ["instansi", "indikator_kode", "tahun", "source_file"])
    # changing wordings land on one key: Anyar's IKM has a different wording every year
    ikm = catalogue[(catalogue["instansi"] == "Kecamatan Anyar") & (catalogue["indikator_kode"] == "ikm")]
    assert ikm["indikator"].nunique() == 3 and sorted(ikm["tahun"]) == [2021, 2022, 2023]


def test_anggaran_panel_matches_expected(series: Path) -> None:
    with lkjip.open_dataset(series) as ds:
        got = ds.anggaran_panel
    _same(got, _expected("anggaran_panel"), ["instansi", "program_key", "tahun", "source_file"])
    # "Kab/Kota" (Anyar 2022) and "Kabupaten/Kota" are one programme
    penunjang = got[(got["instansi"] == "Kecamatan Anyar") & got["program_key"].str.startswith("penunjang")]
    assert penunjang["program_key"].nunique() == 1 and penunjang["program"].nunique() == 2


def test_idm_panel_matches_expected(series: Path) -> None:
    with lkjip.open_dataset(series) as ds:
        got = ds.idm_panel
    _same(got, _expected("idm_panel"), ["desa_key", "tahun", "source_file"])


def test_restatement_warning_names_both_figures_and_sources(series: Path) -> None:
    with lkjip.open_dataset(series) as ds:
        got = ds.panel_warnings
    want = _expected("panel_warnings")
    _same(got, want, ["panel", "kunci", "tahun", "field"])
    assert set(got["code"]) == {"PANEL_RESTATEMENT"} and set(got["severity"]) == {"warning"}
    msg = got[got["field"] == "nilai_idm"].iloc[0]["message"]
    for part in ("Bandulu", "2021", "0,7124", "0.7013", "kec-anyar-2021.docx", "kec-anyar-2022.docx"):
        assert part in msg


def test_materialised_tables_and_parquet_equal_the_computed_panels(series: Path) -> None:
    with lkjip.open_dataset(series) as ds:
        computed = ds.panels()
        for name in PANELS:
            stored = ds.con.execute(f'SELECT * FROM "{name}"').df()
            assert list(stored.columns) == [c for c, _ in PANEL_COLUMNS[name]]
            assert len(stored) == len(computed[name]) > 0
            parquet = pd.read_parquet(series / "parquet" / f"{name}.parquet")
            assert len(parquet) == len(stored)
            assert ds.table(name).shape == computed[name].shape


def test_materialise_without_force_leaves_a_complete_dataset_untouched(series: Path) -> None:
    before = (series / "parquet" / "iku_panel.parquet").stat().st_mtime_ns
    ds = PanelDataset.create(series)
    try:
        assert materialise_panels(ds, force=False) == {}
    finally:
        ds.close()
    assert (series / "parquet" / "iku_panel.parquet").stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        (
            "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
            "penunjang_urusan_pemerintahan_daerah_kabupaten_kota",
        ),
        (
            "Program Penunjang Urusan Pemerintahan Daerah Kab/Kota",
            "penunjang_urusan_pemerintahan_daerah_kabupaten_kota",
        ),
        ("Program Pemberdayaan Masyarakat Desa Dan Kelurahan", "pemberdayaan_masyarakat_desa_dan_kelurahan"),
        (
            "Program  Koordinasi Ketentraman dan Ketertiban Umum.",
            "koordinasi_ketentraman_dan_ketertiban_umum",
        ),
    ],
)
def test_program_key(printed: str, key: str) -> None:
    assert program_key(printed) == key


def _copy_of(report: Report, source: str, ikm_realisasi: tuple[float, str]) -> Report:
    """The same report under another name (an amended edition) with IKM realisasi printed differently."""
    r = report.model_copy(deep=True)
    r.report.report_id = f"{report.report.report_id[:-8]}amended0"
    r.report.source_file = source
    for row in r.iku:
        if row.indikator_kode == "ikm":
            row.realisasi, row.realisasi_teks = ikm_realisasi
    return r


@pytest.mark.parametrize(("value", "teks", "restated"), [(83.5, "83,50", True), (83.5, "83,5", False)])
def test_two_reports_of_one_year_restating_an_indicator(
    tmp_path: Path, value: float, teks: str, restated: bool
) -> None:
    original = extracted("kec-kramatwatu-2022.docx")  # IKM 2022 realisasi printed 83.45
    ds = Dataset.create(tmp_path)
    try:
        ds.write_report(original, "/in/kec-kramatwatu-2022.docx")
        ds.write_report(
            _copy_of(original, "kec-kramatwatu-2022-revisi.docx", (value, teks)), "/in/revisi.docx"
        )
        panels = build_panels(ds)
    finally:
        ds.close()
    ikm = panels["iku_panel"][panels["iku_panel"]["indikator_kode"] == "ikm"]
    assert len(ikm) == 2 and set(ikm["n_sumber"]) == {2} and int(ikm["utama"].sum()) == 1
    assert list(ikm["restatement"]) == [restated, restated]
    warnings = panels["panel_warnings"]
    if restated:
        (w,) = warnings.itertuples()
        assert (w.panel, w.field) == ("iku_panel", "realisasi")
        assert {w.expected, w.found} == {
            "83.45",
            "83,50",
        }  # two editions of one year: file name decides utama
        assert "kec-kramatwatu-2022.docx" in w.message and "kec-kramatwatu-2022-revisi.docx" in w.message
    else:
        # "83,5" is 83.45 printed to one decimal: not a restatement
        assert warnings.empty


def test_panels_of_an_empty_dataset_have_their_columns(tmp_path: Path) -> None:
    ds = PanelDataset.create(tmp_path)
    try:
        counts = materialise_panels(ds)
        frames = ds.panels()
    finally:
        ds.close()
    assert counts == dict.fromkeys(PANELS, 0)
    for name in PANELS:
        assert list(frames[name].columns) == [c for c, _ in PANEL_COLUMNS[name]]
