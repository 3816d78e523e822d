"""Comparisons across kecamatan and years, read from the panels.

A ``Query`` names what to compare (an indicator key, a programme, a desa or
every desa), where (one instansi, one kabupaten or everything) and which
field; ``compare`` returns a ``Comparison``: a wide table with the years as
columns (the ``utama`` source of every cell), the panel rows behind it, and
the cells another report restated differently and the cells a reviewer corrected
(``lkjip serve``: the panels carry the corrected value). Unknown names raise
``UnknownName`` carrying close matches (rapidfuzz) for the message.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

import pandas as pd
from rapidfuzz import fuzz, process

from lkjip.checks._common import fmt_num
from lkjip.normalizers.indicators import load_catalogue
from lkjip.normalizers.tolerance import printed_decimals
from lkjip.outputs.panels import program_key

What = Literal["indikator", "program", "desa"]

#: fields that can be compared, the first being the default
FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "indikator": ("realisasi", "target", "capaian"),
    "program": ("realisasi", "pagu", "persen"),
    "desa": ("nilai_idm", "status_idm", "iks", "ike", "ikl"),
}
PANEL_OF: Final[dict[str, str]] = {"indikator": "iku_panel", "program": "anggaran_panel", "desa": "idm_panel"}
#: printed-text column of a field, shown in the terminal as the report printed it
TEKS: Final[dict[str, str]] = {
    "target": "target_teks",
    "realisasi": "realisasi_teks",
    "capaian": "capaian_teks",
    "persen": "persen_teks",
    "nilai_idm": "nilai_idm_teks",
}
SUGGEST_LIMIT: Final[int] = 5
SUGGEST_MIN_SCORE: Final[float] = 55.0


class UnknownName(ValueError):
    """A name that is not in the dataset; ``suggestions`` holds close ones."""

    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        self.kind, self.name, self.suggestions = kind, name, suggestions
        hint = f" Mungkin maksud Anda: {', '.join(suggestions)}." if suggestions else ""
        super().__init__(f"{kind} '{name}' tidak ada di dataset.{hint}")


@dataclass(frozen=True)
class Query:
    what: What
    key: str | None = None  # indikator_kode / programme name or key / kode or nama desa; None = every desa
    field: str | None = None
    instansi: str | None = None
    kabupaten: str | None = None


@dataclass
class Comparison:
    title: str
    field: str
    labels: list[str]  # the wide table's label columns
    wide: pd.DataFrame  # label columns, then one column per year ("2021", ...)
    sources: pd.DataFrame  # the panel rows behind the table (every source, utama first)
    restated: set[tuple[int, str]] = dataclasses.field(default_factory=set)  # (wide row, year column)
    text: dict[tuple[int, str], str] = dataclasses.field(
        default_factory=dict
    )  # cells for display, the Indonesian way
    corrected: set[tuple[int, str]] = dataclasses.field(default_factory=set)  # (wide row, year column)


def suggest(name: str, choices: Iterable[str]) -> list[str]:
    """Given a name and the known ones, return up to five close ones, best first."""
    uniq = sorted({c for c in choices if c})
    hits = process.extract(name, uniq, scorer=fuzz.WRatio, limit=SUGGEST_LIMIT * 2)
    out: list[str] = []
    for choice, score, _ in hits:
        if score >= SUGGEST_MIN_SCORE and choice not in out:
            out.append(choice)
    return out[:SUGGEST_LIMIT]


def _short(name: str) -> str:
    words = name.casefold().split()
    return (
        " ".join(words[1:])
        if words and words[0] in {"kecamatan", "kelurahan", "kabupaten", "kota"}
        else name.casefold()
    )


def _match_place(df: pd.DataFrame, column: str, wanted: str, kind: str) -> pd.DataFrame:
    values = [v for v in df[column].dropna().unique()]
    want = " ".join(wanted.split()).casefold()
    hits = [v for v in values if v.casefold() == want] or [v for v in values if _short(v) == _short(want)]
    if not hits:
        raise UnknownName(kind, wanted, suggest(wanted, values))
    return df[df[column].isin(hits)]


def scope(panel: pd.DataFrame, q: Query) -> pd.DataFrame:
    """The panel rows of the query's instansi or kabupaten (all rows when neither is given)."""
    if q.instansi:
        panel = _match_place(panel, "instansi", q.instansi, "Instansi")
    if q.kabupaten:
        panel = _match_place(panel, "kabupaten", q.kabupaten, "Kabupaten")
    return panel


def select(panel: pd.DataFrame, q: Query) -> tuple[pd.DataFrame, str]:
    """The rows of the indicator, programme or desa asked for, and its display name."""
    if q.what == "indikator":
        if not q.key:
            raise ValueError("sebutkan indikator_kode yang dibandingkan")
        rows = panel[panel["indikator_kode"] == q.key]
        if rows.empty:
            by_text = dict(zip(panel["indikator"], panel["indikator_kode"], strict=True))
            close = suggest(q.key, [*panel["indikator_kode"], *by_text])
            raise UnknownName("Indikator", q.key, list(dict.fromkeys(by_text.get(c, c) for c in close)))
        entry = load_catalogue().get(q.key)
        return rows, f"{q.key} ({entry.nama if entry else rows.iloc[0]['indikator']})"
    if q.what == "program":
        if not q.key:
            raise ValueError("sebutkan program yang dibandingkan")
        rows = panel[panel["program_key"].isin({q.key, program_key(q.key)})]
        if rows.empty:
            raise UnknownName("Program", q.key, suggest(program_key(q.key), panel["program_key"]))
        return rows, str(rows.iloc[0]["program"])
    if q.key is None:
        return panel, "semua desa"
    want = q.key.strip()
    rows = panel[
        (panel["kode_desa"] == want) | (panel["nama_desa"].fillna("").str.casefold() == want.casefold())
    ]
    if rows.empty:
        raise UnknownName(
            "Desa",
            q.key,
            suggest(want, [*panel["nama_desa"].dropna().str.title(), *panel["kode_desa"].dropna()]),
        )
    return rows, f"Desa {str(rows.iloc[0]['nama_desa']).title()}"


def _field(q: Query) -> str:
    allowed = FIELDS[q.what]
    f = q.field or allowed[0]
    if f not in allowed:
        raise UnknownName("Kolom", f, list(allowed))
    return f


def compare(panels: dict[str, pd.DataFrame], q: Query) -> Comparison:
    """Given the panels and a query, return the comparison (years as columns)."""
    f = _field(q)
    rows, name = select(scope(panels[PANEL_OF[q.what]], q), q)
    if q.what == "desa":
        labels = ["instansi", "kode_desa", "nama_desa"]
        rows = rows.assign(nama_desa=rows.groupby("desa_key")["nama_desa"].transform("first").str.title())
        row_key = ["desa_key"]
    else:
        labels = ["instansi"]
        row_key = ["instansi", "kode_wilayah"]
    rows = rows.sort_values([*row_key, "tahun"], kind="stable")
    years = sorted(int(y) for y in rows["tahun"].dropna().unique())
    main = rows[rows["utama"]]
    cols = [str(y) for y in years]
    records: list[dict[str, object]] = []
    restated: set[tuple[int, str]] = set()
    corrected: set[tuple[int, str]] = set()
    text: dict[tuple[int, str], str] = {}
    for i, (_, grp) in enumerate(main.groupby(row_key, dropna=False, sort=True)):
        first = grp.iloc[0]
        rec: dict[str, object] = {c: first[c] for c in labels}
        for _, r in grp.iterrows():
            col = str(int(r["tahun"]))
            rec[col] = r[f]
            teks = TEKS.get(f)
            text[(i, col)] = cell_text(r[f], r[teks] if teks else None)
            if bool(r["restatement"]):
                restated.add((i, col))
            if f in str(r.get("corrected_fields") or "").split(","):
                corrected.add((i, col))
        records.append(rec)
    wide = pd.DataFrame(records, columns=[*labels, *cols])
    return Comparison(
        title=f"{name} — {f}",
        field=f,
        labels=labels,
        wide=wide,
        sources=rows.reset_index(drop=True),
        restated=restated,
        text=text,
        corrected=corrected,
    )


def cell_text(value: object, teks: object = None) -> str:
    """A cell for display: numbers the Indonesian way with the decimals the report printed."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        decimals = printed_decimals(teks if isinstance(teks, str) else None, value)
        if abs(value) >= 1000 and value.is_integer():
            decimals = 0
        return fmt_num(value, min(decimals, 4))
    return str(value)
