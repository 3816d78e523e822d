"""Panels: every report of a dataset lined up by instansi, indicator / programme / desa and year.

Three panels, one row per thing × year × source report:

``iku_panel``       (instansi, kode_wilayah, indikator_kode, tahun): target, realisasi, capaian
``anggaran_panel``  (instansi, kode_wilayah, program_key, tahun): pagu, realisasi, persen of programmes
``idm_panel``       (desa_key, tahun): iks, ike, ikl, nilai_idm, status_idm of each desa

Each row keeps its printed texts and its source (report_id, source_file,
table_id, page, row_index). When several reports state the same key and year,
all rows stay; ``utama`` marks the one to use (the report of that year first),
``n_sumber`` counts the sources, ``restatement`` marks rows whose figures
disagree, and ``panel_warnings`` says which figure changed where
(code ``PANEL_RESTATEMENT``). Rows whose year is unknown stay out of the panels.

Within one report an indicator printed in several tables (the capaian table,
the IKU target list, the Perjanjian Kinerja) gives one row: the capaian table's
first, then target_iku, then perjanjian_kinerja. Programmes likewise prefer the
realisation table over the allocation table.

The panels are built from the tables as reviewed (``review_app/apply.py``): a
reviewer's corrected cell gives the panel its corrected value (``corrected``,
``corrected_fields`` say which), and rows of a table a reviewer marked as no
data stay out.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import pandas as pd

from lkjip.outputs._panels_sources import WARNING_COLUMNS, Field, PanelKind, mark_sources
from lkjip.outputs.dataset import Dataset
from lkjip.outputs.review_app.apply import (
    REVIEW_COLUMNS,
    corrections_table,
    materialise_corrections,
    reviewed_table,
)
from lkjip.outputs.schema import context_columns

IKU_KIND: Final = PanelKind(
    "iku_panel",
    ("instansi", "kode_wilayah", "indikator_kode"),
    (
        Field("target", "target", "angka", "target_teks"),
        Field("realisasi", "realisasi", "angka", "realisasi_teks"),
        Field("capaian", "capaian", "angka", "capaian_teks"),
    ),
)
ANGGARAN_KIND: Final = PanelKind(
    "anggaran_panel",
    ("instansi", "kode_wilayah", "program_key"),
    (
        Field("pagu", "pagu", "rupiah", "pagu_teks"),
        Field("realisasi", "realisasi anggaran", "rupiah", "realisasi_teks"),
        Field("persen", "persentase realisasi", "angka", "persen_teks"),
    ),
)
IDM_KIND: Final = PanelKind(
    "idm_panel",
    ("desa_key",),
    (
        Field("iks", "IKS", "angka"),
        Field("ike", "IKE", "angka"),
        Field("ikl", "IKL", "angka"),
        Field("nilai_idm", "nilai IDM", "angka", "nilai_idm_teks"),
        Field("status_idm", "status IDM", "teks", "status_idm_teks"),
    ),
)

# table jenis in order of preference within one report
IKU_PREFERENCE: Final = ("capaian_iku", "target_iku", "perjanjian_kinerja")
ANGGARAN_PREFERENCE: Final = ("realisasi_anggaran", "alokasi_anggaran")

_PLACE = [("instansi", "VARCHAR"), ("kode_wilayah", "VARCHAR"), ("kabupaten", "VARCHAR")]
_SOURCE = [
    ("report_id", "VARCHAR"),
    ("source_file", "VARCHAR"),
    ("report_tahun", "BIGINT"),
    ("status", "VARCHAR"),
    ("table_id", "VARCHAR"),
    ("jenis", "VARCHAR"),
    ("page", "BIGINT"),
    ("row_index", "BIGINT"),
    ("n_sumber", "BIGINT"),
    ("utama", "BOOLEAN"),
    ("restatement", "BOOLEAN"),
    ("corrected", "BOOLEAN"),  # a reviewer corrected a figure of the source row (lkjip serve)
    ("corrected_fields", "VARCHAR"),
]
PANEL_COLUMNS: Final[dict[str, list[tuple[str, str]]]] = {
    "iku_panel": [
        *_PLACE,
        ("indikator_kode", "VARCHAR"),
        ("tahun", "BIGINT"),
        ("indikator", "VARCHAR"),
        ("satuan", "VARCHAR"),
        *[(f, "DOUBLE") for f in ("target", "realisasi", "capaian")],
        *[(f"{f}_teks", "VARCHAR") for f in ("target", "realisasi", "capaian")],
        *_SOURCE,
    ],
    "anggaran_panel": [
        *_PLACE,
        ("program_key", "VARCHAR"),
        ("tahun", "BIGINT"),
        ("program", "VARCHAR"),
        ("kode", "VARCHAR"),
        *[(f, "DOUBLE") for f in ("pagu", "realisasi", "persen")],
        *[(f"{f}_teks", "VARCHAR") for f in ("pagu", "realisasi", "persen")],
        *_SOURCE,
    ],
    "idm_panel": [
        *_PLACE,
        ("desa_key", "VARCHAR"),
        ("kode_desa", "VARCHAR"),
        ("nama_desa", "VARCHAR"),
        ("tahun", "BIGINT"),
        *[(f, "DOUBLE") for f in ("iks", "ike", "ikl", "nilai_idm")],
        ("status_idm", "VARCHAR"),
        ("nilai_idm_teks", "VARCHAR"),
        ("status_idm_teks", "VARCHAR"),
        *_SOURCE,
    ],
    "panel_warnings": WARNING_COLUMNS,
}
PANELS: Final[tuple[str, ...]] = tuple(PANEL_COLUMNS)

_ABBREV: Final[dict[str, str]] = {"kab": "kabupaten", "pemkab": "pemerintah kabupaten", "prov": "provinsi"}


def program_key(uraian: str) -> str:
    """Given a programme name as printed, return its canonical key.

    Case, punctuation, the word "Program" and common abbreviations do not matter:
    "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA" and
    "Program Penunjang Urusan Pemerintahan Daerah Kab/Kota" give
    "penunjang_urusan_pemerintahan_daerah_kabupaten_kota".
    """
    text = unicodedata.normalize("NFKC", uraian).casefold()
    words = re.sub(r"[^\w]+", " ", text).split()
    words = " ".join(_ABBREV.get(w, w) for w in words).split()
    if words[:1] == ["program"]:
        words = words[1:]
    return "_".join(words)


def _fold(name: str) -> str:
    return "_".join(re.sub(r"[^\w]+", " ", unicodedata.normalize("NFKC", name).casefold()).split())


def reports_to_meta(reports: pd.DataFrame) -> pd.DataFrame:
    """Given the ``reports`` table, return each report's place, year and source columns."""
    cols = ["report_id", "source_file", "instansi", "kode_wilayah", "kabupaten", "tahun", "status"]
    return reports[cols].rename(columns={"tahun": "report_tahun"})


def _one_per_report(rows: pd.DataFrame, key: list[str], preference: tuple[str, ...]) -> pd.DataFrame:
    """Keep each report's first row per key, tables taken in order of ``preference``."""
    rank = {j: i for i, j in enumerate(preference)}
    rows = rows.assign(_rank=rows["jenis"].map(rank).fillna(len(rank)))
    rows = rows.sort_values(["report_id", *key, "_rank", "table_id", "row_index"], kind="stable")
    return rows.drop_duplicates(["report_id", *key], keep="first").drop(columns="_rank")


def iku_to_panel(meta: pd.DataFrame, iku: pd.DataFrame) -> pd.DataFrame:
    """Given report meta and the ``iku`` table, return one row per indicator, year and report."""
    rows = iku[
        iku["jenis"].isin(IKU_PREFERENCE)
        & (iku["jenis_baris"].fillna("data") == "data")
        & iku["indikator_kode"].notna()
    ]
    rows = rows.merge(meta, on="report_id").assign(tahun=lambda d: d["report_tahun"])
    rows = rows[rows["tahun"].notna()]
    return _one_per_report(rows, ["indikator_kode"], IKU_PREFERENCE)


def anggaran_to_panel(meta: pd.DataFrame, anggaran: pd.DataFrame) -> pd.DataFrame:
    """Given report meta and the ``anggaran`` table, return one row per programme, year and report."""
    rows = anggaran[(anggaran["level"] == "program") & anggaran["jenis"].isin(ANGGARAN_PREFERENCE)]
    rows = rows.merge(meta, on="report_id").assign(tahun=lambda d: d["report_tahun"])
    rows = rows[rows["tahun"].notna()]
    rows = rows.assign(program=rows["uraian"], program_key=rows["uraian"].map(program_key))
    return _one_per_report(rows, ["program_key"], ANGGARAN_PREFERENCE)


def idm_to_panel(meta: pd.DataFrame, idm: pd.DataFrame) -> pd.DataFrame:
    """Given report meta and the ``idm`` table, return one row per desa, year and report."""
    rows = idm[idm["jenis_baris"].fillna("data") == "data"].merge(meta, on="report_id")
    rows = rows.assign(tahun=rows["tahun"].fillna(rows["report_tahun"]), jenis="idm")
    rows = rows[rows["tahun"].notna()]
    where = rows["kode_wilayah"].fillna(rows["instansi"]).fillna("?")
    fallback = where + ":" + rows["nama_desa"].fillna("").map(_fold)
    rows = rows.assign(desa_key=rows["kode_desa"].fillna(fallback))
    return _one_per_report(rows, ["desa_key", "tahun"], ("idm",))


def typed(df: pd.DataFrame, columns: list[tuple[str, str]]) -> pd.DataFrame:
    """Given rows, return exactly ``columns`` in order with stable dtypes (also when empty)."""
    out = pd.DataFrame(index=df.index)
    for name, sql in columns:
        col = df[name] if name in df.columns else pd.Series([None] * len(df), index=df.index, dtype="object")
        if sql == "VARCHAR":
            col = col.astype("object").where(col.notna(), None)
        elif sql == "BIGINT":
            col = pd.to_numeric(col, errors="coerce").astype("Int64")
        elif sql == "DOUBLE":
            col = pd.to_numeric(col, errors="coerce").astype("float64")
        else:
            col = col.fillna(False).astype(bool)
        out[name] = col
    return out.reset_index(drop=True)


_BUILDERS: Final[dict[str, tuple[PanelKind, str, Callable[[pd.DataFrame, pd.DataFrame], pd.DataFrame]]]] = {
    "iku_panel": (IKU_KIND, "iku", iku_to_panel),
    "anggaran_panel": (ANGGARAN_KIND, "anggaran", anggaran_to_panel),
    "idm_panel": (IDM_KIND, "idm", idm_to_panel),
}


def _panel(ds: Dataset, meta: pd.DataFrame, name: str) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    kind, table, build = _BUILDERS[name]
    rows = reviewed_table(ds, table)
    rows = rows[~rows["table_no_data"]].drop(columns=[c for c, _, _ in context_columns(table)])  # ``meta`` brings them
    marked, warnings = mark_sources(build(meta, rows), kind)
    return typed(marked, PANEL_COLUMNS[name]), warnings


def build_panels(ds: Dataset) -> dict[str, pd.DataFrame]:
    """Given a dataset, return every panel and ``panel_warnings`` as DataFrames."""
    meta = reports_to_meta(ds.table("reports"))
    out: dict[str, pd.DataFrame] = {}
    warnings: list[dict[str, Any]] = []
    for name in _BUILDERS:
        out[name], found = _panel(ds, meta, name)
        warnings += found
    out["panel_warnings"] = typed(pd.DataFrame(warnings), WARNING_COLUMNS)
    return out


def panel(ds: Dataset, name: str) -> pd.DataFrame:
    """One panel (or ``panel_warnings``) of a dataset."""
    if name == "panel_warnings":
        return build_panels(ds)[name]
    if name not in _BUILDERS:
        raise KeyError(f"unknown panel {name!r}; panels are {', '.join(PANELS)}")
    return _panel(ds, reports_to_meta(ds.table("reports")), name)[0]


def iku_panel(ds: Dataset) -> pd.DataFrame:
    return panel(ds, "iku_panel")


def anggaran_panel(ds: Dataset) -> pd.DataFrame:
    return panel(ds, "anggaran_panel")


def idm_panel(ds: Dataset) -> pd.DataFrame:
    return panel(ds, "idm_panel")


def panel_warnings(ds: Dataset) -> pd.DataFrame:
    return panel(ds, "panel_warnings")


def _present(ds: Dataset) -> bool:
    names = {r[0] for r in ds.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return all(n in names and (ds.root / "parquet" / f"{n}.parquet").exists() for n in PANELS)


def materialise_panels(ds: Dataset, force: bool = True) -> dict[str, int]:
    """Write every panel as a DuckDB table and ``parquet/<panel>.parquet``; return their row counts.

    With ``force=False`` nothing is written when every panel is already there
    (an ingest that changed nothing leaves the dataset untouched). The reviewers' decisions are
    copied into the table ``corrections`` each time, with their status against the rows as they are now.
    """
    if materialise_corrections(ds):
        force = True  # a decision may have been taken since the panels were last made
    if not force and _present(ds):
        return {}
    frames = build_panels(ds)
    ds.con.execute("BEGIN TRANSACTION")
    try:
        for name, df in frames.items():
            cols = PANEL_COLUMNS[name]
            ddl = ", ".join(f'"{c}" {t}' for c, t in cols)
            ds.con.execute(f'CREATE OR REPLACE TABLE "{name}" ({ddl})')
            if len(df):
                ds.con.register("_lkjip_panel", df)
                names = ", ".join(f'"{c}"' for c, _ in cols)
                ds.con.execute(f'INSERT INTO "{name}" ({names}) SELECT {names} FROM _lkjip_panel')
                ds.con.unregister("_lkjip_panel")
        ds.con.execute("COMMIT")
    except Exception:
        ds.con.execute("ROLLBACK")
        raise
    out_dir = ds.root / "parquet"
    out_dir.mkdir(exist_ok=True)
    for name in frames:
        _copy_parquet(ds, name, out_dir / f"{name}.parquet")
    return {name: len(df) for name, df in frames.items()}


def _copy_parquet(ds: Dataset, table: str, final: Path) -> None:
    tmp = final.with_name(f".{final.name}.tmp")
    ds.con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{tmp}' (FORMAT parquet)")
    os.replace(tmp, final)


class PanelDataset(Dataset):
    """A Dataset that also gives the panels: ``ds.iku_panel``, ``ds.anggaran_panel``,
    ``ds.idm_panel``, ``ds.panel_warnings`` (computed from the tables, so always current)."""

    @classmethod
    def open(cls, root: Path | str) -> PanelDataset:
        ds = super().open(root)
        assert isinstance(ds, PanelDataset)  # Dataset.open builds ``cls``
        return ds

    @classmethod
    def create(cls, root: Path | str) -> PanelDataset:
        ds = super().create(root)
        assert isinstance(ds, PanelDataset)
        return ds

    def table(self, name: str) -> pd.DataFrame:
        if name in PANELS:
            return panel(self, name)
        if name == "corrections":
            return corrections_table(self)
        if name in REVIEW_COLUMNS:
            return reviewed_table(self, name)
        return super().table(name)

    @property
    def corrections(self) -> pd.DataFrame:
        """Every reviewer decision (``lkjip serve``) with its status against the rows as they are now."""
        return corrections_table(self)

    def panels(self) -> dict[str, pd.DataFrame]:
        return build_panels(self)

    @property
    def iku_panel(self) -> pd.DataFrame:
        return panel(self, "iku_panel")

    @property
    def anggaran_panel(self) -> pd.DataFrame:
        return panel(self, "anggaran_panel")

    @property
    def idm_panel(self) -> pd.DataFrame:
        return panel(self, "idm_panel")

    @property
    def panel_warnings(self) -> pd.DataFrame:
        return panel(self, "panel_warnings")
