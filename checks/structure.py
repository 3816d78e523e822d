"""How far a table's reading can be trusted: its grid source, its cells and its own arithmetic.

A table whose columns were misread does not show it in any one cell: every
figure parses, but the capaian column holds last year's values or the
realisasi column holds the percentages. What gives it away is the table's own
arithmetic failing on most rows at once (capaian = realisasi/target x 100,
persen = realisasi/pagu x 100, nilai IDM = the mean of IKS, IKE and IKL),
printed figures that do not parse as the column's kind, and low OCR
confidence. A report's own slips fail on a row or two; a misread table fails
nearly everywhere. So the confidence of a table is:

- a prior from how its grid was found (``struktur``): the file's own grid
  (DOCX) and ruling lines are firmer than word alignment, a text layer firmer
  than OCR;
- times ``0.4 + 0.6 * share`` of its printed figures that read as numbers;
- times ``0.5 + 0.5 * share`` of its checkable rows whose arithmetic holds,
  once at least ``MIN_CHECKABLE`` rows can be checked;
- for a budget table, times ``0.5 + 0.5 * share`` of parents equal to their children's sum when that
  share is under half, and times 0.5 when its programs sum to two or three times its total (levels lost);
- times the OCR confidence of its figures, where OCR read them (floored).

A table below ``DOUBTFUL`` is doubtful: the report says so (``TABEL_RAGU``)
and no check may call its figures a contradiction (severity ``error``) on
its strength alone: such a warning becomes ``warning`` and says why. This
module registers no check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from lkjip.checks._common import firm_grid, num
from lkjip.checks.anggaran import CODE_SUMS_NOTE, parent_sums_hold
from lkjip.checks.anggaran_total import PROVEN_ROWS_NOTE
from lkjip.checks.iku import capaian_of
from lkjip.normalizers.tolerance import printed_agrees
from lkjip.records import AnggaranRow, IdmRow, IkuRow, Report, Warning

#: Confidence of a grid by how it was found, before its cells say anything.
PRIOR: Final[dict[str, float]] = {
    "docx": 1.0,
    "ruled": 0.97,
    "aligned": 0.9,
    "ocr_ruled": 0.9,
    "ocr_aligned": 0.8,
}
#: Prior of a grid whose source is not recorded.
PRIOR_UNKNOWN: Final[float] = 0.9
#: Rows whose arithmetic can be checked before that arithmetic counts as evidence.
MIN_CHECKABLE: Final[int] = 3
#: Below this a table's reading is doubtful.
DOUBTFUL: Final[float] = 0.6
#: The OCR factor never goes below this: OCR doubt alone is reported per cell (OCR_RAGU).
OCR_FLOOR: Final[float] = 0.7


@dataclass(slots=True)
class TableConfidence:
    """A table's confidence (0..1) and the reasons, in Indonesian, it is below 1."""

    keyakinan: float
    alasan: list[str] = field(default_factory=list)
    tingkat: float = 1.0  # the factor of ``keyakinan`` that doubts the budget levels (program / kegiatan)

    @property
    def doubtful(self) -> bool:
        return self.keyakinan < DOUBTFUL

    @property
    def cells_doubtful(self) -> bool:
        """Whether the reading of the rows themselves is doubtful, the doubt about their levels set aside."""
        return self.keyakinan < DOUBTFUL * self.tingkat


def table_confidence(report: Report, table_id: str, struktur: str) -> TableConfidence:
    """Given a report, one of its tables and how that table's grid was found, return its confidence."""
    alasan: list[str] = []
    parts = [p for p in struktur.split("+") if p]
    prior = min((PRIOR.get(p, PRIOR_UNKNOWN) for p in parts), default=PRIOR_UNKNOWN)
    score = prior
    if prior < PRIOR["ruled"]:
        alasan.append(f"grid dari {struktur or 'sumber tak dikenal'}")
    rows: Sequence[IkuRow | AnggaranRow | IdmRow]
    iku = [r for r in report.iku if r.table_id == table_id and r.jenis_baris == "data"]
    ang = [r for r in report.anggaran if r.table_id == table_id]
    idm = [r for r in report.idm if r.table_id == table_id and r.jenis_baris == "data"]
    rows = iku or ang or idm
    if not rows:
        return TableConfidence(round(score, 3), alasan)
    printed_n, read_n = _figures_read(rows)
    if printed_n:
        share = read_n / printed_n
        score *= 0.4 + 0.6 * share  # a few unread figures are warned cell by cell; many mean a misread grid
        if share < 1.0:
            alasan.append(f"{printed_n - read_n} dari {printed_n} angka tercetak tidak terbaca sebagai angka")
    checked = [ok for ok in _arithmetic(iku, ang, idm) if ok is not None]
    if len(checked) >= MIN_CHECKABLE:
        holds = sum(checked) / len(checked)
        score *= 0.5 + 0.5 * holds
        if holds < 0.5:
            alasan.append(
                f"aritmetika tabel hanya cocok di {sum(checked)} dari {len(checked)} baris "
                "(kolom mungkin tertukar atau bergeser)"
            )
    tingkat = 1.0
    if ang:
        tingkat = _hierarchy_factor(ang, 1.0, alasan)
        score *= tingkat
    confs = [r.ocr_confidence for r in rows if r.ocr_confidence is not None]
    if confs:
        mean = sum(confs) / len(confs)
        score *= max(OCR_FLOOR, min(1.0, 0.4 + mean))
        if mean < 0.6:
            alasan.append(f"keyakinan OCR rata-rata {mean:.2f}")
    return TableConfidence(round(score, 3), alasan, tingkat)


_FIGURES: Final[dict[type, tuple[tuple[str, str], ...]]] = {
    IkuRow: (("target", "target_teks"), ("realisasi", "realisasi_teks"), ("capaian", "capaian_teks")),
    AnggaranRow: (("pagu", "pagu_teks"), ("realisasi", "realisasi_teks"), ("persen", "persen_teks")),
    IdmRow: (("nilai_idm", "nilai_idm_teks"),),
}


def _figures_read(rows: Sequence[IkuRow | AnggaranRow | IdmRow]) -> tuple[int, int]:
    """Printed figure cells that hold a digit, and how many of them were read as a number."""
    printed_n = read_n = 0
    for r in rows:
        for value_name, text_name in _FIGURES[type(r)]:
            text = getattr(r, text_name) or ""
            if not any(ch.isdigit() for ch in text):
                continue  # "-", "n/a", a grade or an empty cell is no misread figure
            printed_n += 1
            read_n += getattr(r, value_name) is not None
    return printed_n, read_n


def _arithmetic(iku: list[IkuRow], ang: list[AnggaranRow], idm: list[IdmRow]) -> Iterable[bool | None]:
    """Per row: whether its arithmetic holds, None where it cannot be checked."""
    for r in iku:
        yield _capaian_holds(r)
    for a in ang:
        yield _persen_holds(a)
    for d in idm:
        yield _idm_holds(d)


def _capaian_holds(row: IkuRow) -> bool | None:
    capaian, target, real = num(row.capaian), num(row.target), num(row.realisasi)
    implied = capaian_of(row)
    if capaian is None or implied is None or not target or not real:
        return None
    # either direction: a misread table fails both, a lower-is-better indicator passes the inverse
    candidates = (implied[0], real / target * 100, target / real * 100)
    return any(printed_agrees(capaian, row.capaian_teks, c) or _near(capaian, c) for c in candidates)


def _persen_holds(row: AnggaranRow) -> bool | None:
    pagu, real, persen = num(row.pagu), num(row.realisasi), num(row.persen)
    if not pagu or real is None:
        return None
    if persen is None:  # no percentage: a realisasi is at least a plausible share of its pagu (not 88,70
        return real == 0 or 1e-4 <= real / pagu <= 2  # rupiah against millions: a percentage column misread)
    computed = real / pagu * 100
    return printed_agrees(persen, row.persen_teks, computed) or _near(persen, computed)


def _idm_holds(row: IdmRow) -> bool | None:
    parts = [num(row.iks), num(row.ike), num(row.ikl)]
    nilai = num(row.nilai_idm)
    if nilai is None or any(p is None for p in parts):
        return None
    mean = sum(p for p in parts if p is not None) / 3
    return abs(nilai - mean) <= 0.0011 or printed_agrees(nilai, row.nilai_idm_teks, mean)


def _hierarchy_factor(rows: list[AnggaranRow], score: float, alasan: list[str]) -> float:
    """A budget table whose levels were misread: children that do not sum to their parent on most parents
    (codes or levels read wrong put rows under the wrong parent), or programs summing to two or three times
    the total (every level read as a program)."""
    holds = parent_sums_hold(list(enumerate(rows)))
    if len(holds) >= 2 and sum(holds) * 2 < len(holds):
        score *= 0.5 + 0.5 * sum(holds) / len(holds)
        alasan.append(
            f"jumlah anak cocok dengan induknya hanya di {sum(holds)} dari {len(holds)} baris "
            "(tingkat program/kegiatan mungkin salah dibaca)"
        )
    for name in ("pagu", "realisasi"):
        totals = [num(getattr(r, name)) for r in rows if r.level == "jumlah"]
        programs = [num(getattr(r, name)) for r in rows if r.level == "program"]
        total = totals[-1] if totals else None
        if total and programs and all(v is not None for v in programs):
            ratio = sum(v for v in programs if v is not None) / total
            k = round(ratio)
            if k >= 2 and abs(ratio - k) <= 0.001 * k:
                score *= 0.5
                alasan.append(f"jumlah {name} baris program {k} kali totalnya (tingkat baris tidak terbaca)")
                break
    return score


def _near(printed: float, computed: float) -> bool:
    """Agreement up to rounding done in another place (a truncated or rounded-up last digit)."""
    return abs(printed - computed) <= max(0.011, 0.006 * abs(computed))


#: Checks of one row's own printed figures (persen of its realisasi and pagu, capaian of its target and
#: realisasi): a doubt about the table's levels says nothing about them.
ROW_CODES: Final[frozenset[str]] = frozenset(
    {"ANGGARAN_PERSEN", "ANGGARAN_LEBIH_PAGU", "IKU_CAPAIAN", "IDM_RUMUS", "IDM_STATUS"}
)


def _level_free(w: Warning) -> bool:
    """Whether a warning rests on no reading of the budget levels: a row's own arithmetic, or a total
    proven over rows whose other column sums exactly to it, a sum over the rows a code names that the
    table's other code sums confirm."""
    return (
        w.code in ROW_CODES
        or (w.code == "ANGGARAN_TOTAL" and PROVEN_ROWS_NOTE in w.message)
        or (w.code == "ANGGARAN_SUM_ANAK" and CODE_SUMS_NOTE in w.message)
    )


def temper(warnings: list[Warning], doubtful: dict[str, TableConfidence]) -> list[Warning]:
    """Given a report's warnings and its doubtful tables, return the warnings with every ``error`` on a
    doubtful table made a ``warning`` that says why: a misread grid is no proof of a contradiction. A
    table doubted only for its levels keeps the errors of its rows' own arithmetic (``ROW_CODES``)."""
    out: list[Warning] = []
    for w in warnings:
        conf = doubtful.get(w.table_id or "")
        if conf is not None and not conf.cells_doubtful and _level_free(w):
            conf = None
        if w.severity == "error" and conf is not None:
            why = "; ".join(conf.alasan) or "struktur tabel diragukan"
            w = w.model_copy(update={
                "severity": "warning",
                "message": f"{w.message} (Diturunkan dari galat: pembacaan tabel {w.table_id} diragukan, {why}.)",
            })  # fmt: skip
        out.append(w)
    return out


def _digits(value: float, decimals: int) -> str:
    return f"{abs(value):.{decimals}f}".replace(".", "").lstrip("0") or "0"


def _decimals_of(value: float) -> int:
    text = f"{value:.6f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def one_digit_apart(found: float, expected: float) -> bool:
    """Whether a printed figure and the one the arithmetic or the other table implies differ by one digit
    changed, lost or added at the printed figure's precision (78,01 and 78,91; 0,641 and 0,644; 7 and
    77,43): what one misread digit looks like."""
    a, b = _digits(found, _decimals_of(found)), _digits(expected, _decimals_of(found))
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_)))


def _read_by_ocr(report: Report, table_id: str | None) -> bool:
    struktur = next((t.struktur for t in report.tables if t.table_id == table_id), None) or ""
    return "ocr" in struktur or (not struktur and report.report.text_source in ("ocr", "mixed"))


#: OCR confidence below which a figure an accusation rests on is doubtful. Stricter than the 0.6 under
#: which ``OCR_RAGU`` notes a figure: clean printed digits read at 0.9 and more, and a figure read at 0.64
#: ("2,21" for 90,91) has made an error where the page agreed.
OCR_LOW: Final[float] = 0.75
#: Checks over many rows of one field: any of those rows' figures read doubtfully is the doubt.
_AGGREGATES: Final[frozenset[str]] = frozenset({"ANGGARAN_SUM_ANAK", "ANGGARAN_TOTAL"})


def _low_confidence(report: Report, w: Warning) -> bool:
    """Whether a figure the warning rests on was read by OCR with low confidence and not corrected, or is
    the accused figure that OCR misread and the arithmetic re-read. The figures: the row's own, the
    field's of the whole table for a sum, the villages' nilai IDM for an IDM average."""
    rows: list[IkuRow | AnggaranRow | IdmRow]
    if w.code == "IDM_RATA":
        rows, fields = list(report.idm), {"nilai_idm"}
    elif w.code in _AGGREGATES:
        rows, fields = [r for r in report.anggaran if r.table_id == w.table_id], {w.field or ""}
    else:
        family = next((f for f in ("iku", "anggaran", "idm") if w.code.startswith(f.upper())), None)
        table = getattr(report, family) if family else []
        rows = [table[w.row]] if w.row is not None and 0 <= w.row < len(table) else []
        fields = set()
    for r in rows:
        confs = r.ocr_konfidensi or {}
        if not fields and w.field in (r.koreksi or {}):
            return True  # the accused figure itself was misread by OCR once (and re-read by the arithmetic)
        for f, conf in confs.items():
            if conf < OCR_LOW and (not fields or f in fields) and f not in (r.koreksi or {}):
                return True
        if confs and not fields:  # a figure of an OCR row with no confidence was not read as OCR'd digits
            for f in _ROW_FIGURES[type(r)]:
                if getattr(r, f) is not None and f not in confs and f not in (r.koreksi or {}):
                    return True
    return False


_ROW_FIGURES: Final[dict[type, tuple[str, ...]]] = {
    IkuRow: ("target", "realisasi", "capaian"),
    AnggaranRow: ("pagu", "realisasi", "persen"),
    IdmRow: ("iks", "ike", "ikl", "nilai_idm"),
}


_LABEL_DEBRIS = re.compile(r"(?:^|\s)(?:%|\|)(?:\s|$)|\|")
_NUMBER_PART = re.compile(r"[\d.,%+\-−\s]+")


def _words(teks: str | None) -> set[str]:
    return {t.casefold() for t in _NUMBER_PART.sub(" ", teks or "").split() if t}


def _mixed_cells(report: Report, w: Warning) -> bool:
    """Whether the warned row's cells carry another column's text, as rows assembled from words that were
    not aligned do: a rule or a lone "%" inside the label, a label opening in lower case (the tail of the
    row above's wrapped name), a rule beside a figure, or a word beside one
    figure that its sibling figure does not carry ("0,5989 umum" beside "0,7074"; "9 Jenis" and "10
    Jenis" are a unit printed in both)."""
    family = next((f for f in ("iku", "anggaran", "idm") if w.code.startswith(f.upper())), None)
    table = getattr(report, family) if family else []
    if w.row is None or not 0 <= w.row < len(table):
        return False
    row = table[w.row]
    label = getattr(row, "indikator", None) or getattr(row, "uraian", None) or getattr(row, "nama_desa", None)
    if _LABEL_DEBRIS.search(label or "") or (label or "")[:1].islower():
        return True  # a label opening in lower case ("yang tepat waktu Jumlah ...") is a wrapped name's tail
    texts = [getattr(row, f"{f}_teks", None) for f in _ROW_FIGURES[type(row)][:2]]
    words = [_words(t) for t in texts]
    if any("|" in (t or "") for t in texts):
        return True
    return len(words) == 2 and words[0] != words[1]


def doubt_ocr_digits(warnings: list[Warning], report: Report) -> list[Warning]:
    """Given a report's warnings, return them with every ``error`` that rests on OCR's reading made a
    ``warning``: on a table read by OCR, a printed figure one digit away from the implied one (OCR
    misreading one digit gives the same mismatch as the report's slip), or a figure read with low OCR
    confidence among those it rests on. The page must decide."""
    out: list[Warning] = []
    for w in warnings:
        found, expected = num(w.found), num(w.expected)
        why = None
        if w.severity != "error":
            pass
        elif (
            found is not None
            and expected is not None
            and _read_by_ocr(report, w.table_id)
            and one_digit_apart(found, expected)
        ):
            why = "tabel ini dibaca dengan OCR dan kedua angka hanya berbeda satu digit, yang dapat salah dibaca"
        elif _low_confidence(report, w):
            why = "angka yang dipakai dibaca OCR dengan keyakinan rendah"
        elif not firm_grid(report, w.table_id or "") and _mixed_cells(report, w):
            why = "sel barisnya memuat teks kolom lain (baris dirakit dari kata yang tidak sejajar)"
        if why is not None:
            w = w.model_copy(update={
                "severity": "warning",
                "message": f"{w.message} (Diturunkan dari galat: {why}; periksa angkanya di halaman itu.)",
            })  # fmt: skip
        out.append(w)
    return out
