"""Which field each column holds, from its header label.

A role is decided from the folded label with ordered patterns (the first
that matches wins), then multi-year layouts are resolved: when several
columns hold the same role for different years, the column of the report's
year wins, then a column without a year, then the rightmost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from lkjip.extractors.model.document import GridCell
from lkjip.extractors.structure.headers import Column, label_key, repair_header_words
from lkjip.normalizers.numbers import ColumnKind, read_number

Pattern = tuple[str, re.Pattern[str]]


def _p(role: str, rx: str) -> Pattern:
    return role, re.compile(rx)


# Labels are folded: lowercase, punctuation removed, single spaces. "%" survives as "%".
IKU_PATTERNS: list[Pattern] = [
    _p("no", r"^(no|n0|nomor|no urut)$"),
    _p("formulasi", r"formula|rumus|cara (pengukuran|perhitungan)|definisi|alasan|penjelasan"),
    _p("ignore", r"sumber|penanggung|keterangan|kendala|solusi|tujuan|skpd|kesimpulan|predikat|interpre|^lokasi\b"),
    _p("ignore", r"melampaui|sesuai target|belum mencapai|tidak mencapai|tingkat pencapaian|jumlah indikator"),
    _p("satuan", r"^(tahun \d{4} )?satuan"),
    _p("target", r"^(tahun \d{4} )?(target|tgt)\b"),
    _p("realisasi", r"^(tahun \d{4} )?(realisasi|hasil)\b"),
    _p("capaian", r"\b(capaian|capain)\b|%"),
    _p("indikator", r"indikator|kinerja utama|uraian"),
    _p("sasaran", r"sasaran"),
]

ANGGARAN_PATTERNS: list[Pattern] = [
    _p("kode", r"^(no|n0|nomor|kode|kode rekening|kd)$"),
    _p("kode", r"^(kode|kd) ?rek"),  # "Kode Rekening", "Kd. Rek"
    # "Lokasi" is no "Alokasi"; physical progress ("Realisasi Fisik (%)") is no financial percentage
    _p("ignore", r"sisa|selisih|bertambah|berkurang|keterangan|sumber dana|ket$|^lokasi\b|\bfisik\b"),
    # "Jumlah Kegiatan": how many kegiatan a program has, a count beside its name, no name and no rupiah
    _p("ignore", r"^(jumlah|jml|banyaknya) (sub kegiatan|kegiatan|program|paket)$"),
    _p("persen", r"%|persen|prosentase|capaian realisasi"),
    # "Realisasi Kinerja Pada Triwulan | II | Rp": the rupiah under a realisation group is the realisation
    _p("realisasi", r"\brealisasi\b.*\brp$"),
    _p("realisasi_kinerja", r"\brealisasi\b.*\bk$"),  # "K" beside "Rp" under a quarter: its kinerja
    _p("realisasi_kinerja", r"realisasi.*(kinerja|fisik|output|keluaran)|(kinerja|fisik|output|keluaran).*realisasi"),
    # "Indikator Kinerja Program/Kegiatan" names the indicator, it is no output target ("12 Laporan")
    _p("ignore", r"^(indikator|tolok ukur)\b(?!.*\b(target|volume)\b)"),
    _p("target_kinerja", r"target|output|keluaran|indikator|volume"),
    _p("realisasi", r"realisasi|keuangan|serapan"),
    _p("pagu", r"pagu|anggaran|alokasi|dpa|sebelum perubahan|sesudah perubahan|setelah perubahan|\brp\b"),
    _p("uraian", r"uraian|program|kegiatan|rekening|nama"),
]

IDM_PATTERNS: list[Pattern] = [
    _p("no", r"^(no|n0|nomor)$"),
    _p("kode_desa", r"kode desa|^kode$|kode wilayah|kode kel"),
    _p("ignore", r"kode|prov|kab|kec|keterangan|ket$"),
    _p("iks", r"\biks\b|ketahanan sosial"),
    _p("ike", r"\bike\b|ketahanan ekonomi"),
    _p("ikl", r"\bikl\b|ketahanan lingkungan|ekologi"),
    _p("status_idm", r"status"),
    _p("nilai_idm", r"idm|nilai"),
    _p("nama_desa", r"desa|kelurahan|nama"),
]


def _role_of(key: str, patterns: list[Pattern]) -> str | None:
    return next((role for role, rx in patterns if rx.search(key)), None)


def assign_roles(columns: Sequence[Column], patterns: list[Pattern], *, lowest_first: bool = False) -> dict[int, str]:
    """Given header columns, return the role of each column index that has one.

    With ``lowest_first`` a column under a group header is named by its own (lowest) header text when that
    names a role: "Target" under "Capaian Tahun 2016 (%)" is a target, not a capaian.
    """
    roles: dict[int, str] = {}
    for col in columns:
        key = col.key
        if not key:
            continue
        role = _role_of(key, patterns)
        # a typo in a header word ("Relisasi (Rp)") must not leave the label to a weaker word in it ("Rp"):
        # the repaired label names the column, unless the printed one names a column set aside
        if role != "ignore" and (repaired := repair_header_words(key)) != key:
            role = _role_of(repaired, patterns) or role
        if lowest_first and len(col.parts) > 1 and role not in ("ignore", "formulasi"):
            # a group the whole label sets aside ("Tingkat Pencapaian: Melampaui target | %") stays aside
            role = _role_of(label_key(col.parts[-1]), patterns) or role
        if role is None and (repaired := repair_header_words(key)) != key:
            role = _role_of(repaired, patterns)
        if role is not None:
            roles[col.index] = role
    return roles


_INDEX_TRIPLE = ("iks", "ike", "ikl")


def fill_index_gaps(columns: Sequence[Column], roles: dict[int, str]) -> dict[int, str]:
    """IKS, IKE and IKL are printed side by side in that order: when two of them are found, a column
    without a role where the third belongs ("KE" for an OCR'd "IKE") takes that role."""
    out = dict(roles)
    year_of = {c.index: c.year for c in columns}
    for year in set(year_of.values()):
        found = {r: j for j, r in out.items() if r in _INDEX_TRIPLE and year_of.get(j) == year}
        if len(found) != 2:
            continue
        bases = {j - _INDEX_TRIPLE.index(r) for r, j in found.items()}
        if len(bases) != 1:
            continue  # not printed side by side
        (base,) = bases
        (missing,) = set(_INDEX_TRIPLE) - set(found)
        j = base + _INDEX_TRIPLE.index(missing)
        if j in year_of and year_of[j] == year and j not in out:
            out[j] = missing
    return out


#: Roles whose cells are figures: among columns of one such role, one without any figure is none of them.
FIGURE_ROLES = frozenset({"target", "realisasi", "capaian", "pagu", "persen", "iks", "ike", "ikl", "nilai_idm"})


def pick_year_columns(
    columns: Sequence[Column], roles: dict[int, str], tahun: int | None, filled: set[int] | None = None
) -> dict[str, list[int]]:
    """Given roles, return role -> chosen column indices (several only for split cells).

    Among same-role columns for different years, keep this year's; else the
    ones without a year; else the last year printed. Columns of a target
    for the end of the plan period (``Target Akhir RPJMD``) lose to a plain target.
    Among columns for several periods of the year (quarters of a quarterly report), the latest period
    ``filled`` (the columns with any figure) shows wins, the same one for every role.
    """
    period = latest_period(columns, roles, filled)
    if period is not None:
        roles = {j: r for j, r in roles.items() if columns[j].period in (None, period) or r == "ignore"}
    by_role: dict[str, list[Column]] = {}
    for col in columns:
        role = roles.get(col.index)
        if role and role != "ignore":
            by_role.setdefault(role, []).append(col)
    chosen: dict[str, list[int]] = {}
    for role, cols in by_role.items():
        if len(cols) > 1:
            plain = [c for c in cols if not re.search(r"akhir|rpjmd|renstra|s ?d|sampai", c.key)]
            cols = plain or cols
        years = {c.year for c in cols}
        if len(years) > 1:
            if tahun is not None and tahun in years:
                cols = [c for c in cols if c.year == tahun]
            elif None in years:
                cols = [c for c in cols if c.year is None]
            else:
                last = max(y for y in years if y is not None)
                cols = [c for c in cols if c.year == last]
        if len(cols) > 1 and filled is not None and role in FIGURE_ROLES:
            # "Capaian" spanning the percentage and its grade ("124% | BS"): the column of figures is the value
            cols = [c for c in cols if c.index in filled] or cols
        if len(cols) > 1 and not role.endswith("_kinerja"):
            # two pagu columns: before and after the budget revision; the revised one counts
            revised = [c for c in cols if re.search(r"sesudah|setelah", c.key)]
            cols = revised[-1:] if revised else cols[-1:]
        chosen[role] = [c.index for c in cols]
    return chosen


def latest_period(columns: Sequence[Column], roles: dict[int, str], filled: set[int] | None) -> int | None:
    """The latest period whose figure columns hold anything, when the table prints several periods."""
    periodic = [c for c in columns if c.period is not None and roles.get(c.index) not in (None, "ignore")]
    if len({c.period for c in periodic}) < 2:
        return None
    used = [c.period for c in periodic if filled is None or c.index in filled]
    return max(p for p in used if p is not None) if used else None


def columns_by_year(columns: Sequence[Column], roles: dict[int, str]) -> dict[int | None, dict[str, int]]:
    """For multi-year IDM blocks: year -> role -> column index (first column per role and year)."""
    out: dict[int | None, dict[str, int]] = {}
    for col in columns:
        role = roles.get(col.index)
        if role and role != "ignore":
            out.setdefault(col.year, {}).setdefault(role, col.index)
    return out


#: Rows whose arithmetic must be checkable before a column's role is taken from it.
MIN_ARITHMETIC_ROWS = 3
#: Share of those rows the arithmetic must hold on.
ARITHMETIC_SHARE = 0.7


def _figure(text: str, kind: ColumnKind) -> float | None:
    return read_number(text, kind).value if text.strip() else None


def realisasi_by_arithmetic(
    body: Sequence[Sequence[GridCell]], roles: dict[int, str], base: str, ratio: str, kind: ColumnKind
) -> dict[int, str]:
    """Given a table's body and its roles by header, return them with the realisasi column found by the
    table's own arithmetic when its header was not read ("Pealisasi" past repair, a header lost in a scan):
    the one unnamed column whose figures make ``ratio`` = column / ``base`` x 100 (or its inverse, for
    lower-is-better indicators) hold on most rows. A role the header gives is never replaced."""
    present = set(roles.values())
    if "realisasi" in present or base not in present or ratio not in present:
        return roles
    base_j = next(j for j, r in roles.items() if r == base)
    ratio_j = next(j for j, r in roles.items() if r == ratio)

    def operands(row: Sequence[GridCell], j: int) -> tuple[float | None, float | None, float | None] | None:
        if max(j, base_j, ratio_j) >= len(row):
            return None
        return _figure(row[base_j].text, kind), _figure(row[j].text, kind), _figure(row[ratio_j].text, "percent")

    best = _column_by_arithmetic(body, roles, operands, inverse=kind == "value")
    return roles if best is None else {**roles, best: "realisasi"}


def ratio_by_arithmetic(
    body: Sequence[Sequence[GridCell]], roles: dict[int, str], base: str, value: str, ratio: str, kind: ColumnKind
) -> dict[int, str]:
    """Given a table's body and its roles by header, return them with the ``ratio`` column (capaian) found by
    the table's own arithmetic when no header names it ("Kategori Penilaian" printing "63,36 % (Sedang)"):
    the one unnamed column whose figures are ``value`` / ``base`` x 100 (or its inverse, for lower-is-better
    indicators) on most rows. A role the header gives is never replaced."""
    present = set(roles.values())
    if ratio in present or base not in present or value not in present:
        return roles
    base_j = next(j for j, r in roles.items() if r == base)
    value_j = next(j for j, r in roles.items() if r == value)

    def operands(row: Sequence[GridCell], j: int) -> tuple[float | None, float | None, float | None] | None:
        if max(j, base_j, value_j) >= len(row) or not row[j].is_origin:
            return None
        return _figure(row[base_j].text, kind), _figure(row[value_j].text, kind), _figure(row[j].text, "percent")

    best = _column_by_arithmetic(body, roles, operands, inverse=True)
    return roles if best is None else {**roles, best: ratio}


def _column_by_arithmetic(
    body: Sequence[Sequence[GridCell]],
    roles: dict[int, str],
    operands: Callable[[Sequence[GridCell], int], tuple[float | None, float | None, float | None] | None],
    inverse: bool,
) -> int | None:
    """The unnamed column for which the row's (base, value, percent), as ``operands`` reads them with that
    column as the candidate, hold percent = value / base x 100 (or, with ``inverse``, base / value x 100) on
    most rows: the best share wins; None when no column holds on enough rows."""
    n_cols = max((len(r) for r in body), default=0)
    best: tuple[float, int] | None = None
    for j in range(n_cols):
        if j in roles and roles[j] != "ignore":
            continue
        checked = holds = 0
        for row in body:
            read = operands(row, j)
            if read is None:
                continue
            b, c, r = read
            if not b or c is None or r is None:
                continue
            checked += 1
            computed = [c / b * 100] + ([b / c * 100] if c and inverse else [])
            holds += any(abs(r - x) <= max(0.6, 0.01 * abs(r)) for x in computed)
        if checked >= MIN_ARITHMETIC_ROWS and holds >= ARITHMETIC_SHARE * checked:
            share = holds / checked
            if best is None or share > best[0]:
                best = (share, j)
    return None if best is None else best[1]
