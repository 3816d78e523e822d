"""Header rows of a table: where they end, what each column is called, which year it speaks of.

Real headers span two or three rows (``Realisasi`` over ``Kinerja | Keuangan``;
``Tahun 2022`` over ``Target Realisasi %``), are followed by a column-number
row (``1 2 3 4``), and repeat after a page break. The label of a column is
the text of every header row above it, top-down, so merged header cells
reach every column they cover.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from lkjip.extractors.model.document import GridCell
from lkjip.extractors.model.raw import is_split_group_row
from lkjip.normalizers.text import clean_text, fold

_YEAR = re.compile(r"\b(19[89]\d|20[0-4]\d)\b")
_HEADER_WORD = re.compile(
    r"\b(no|n0|nomor|kode|sasaran|indikator|kinerja|satuan|target|realisasi|capaian|capain|tahun|uraian|program|"
    r"kegiatan|pagu|anggaran|alokasi|keuangan|fisik|persentase|prosentase|desa|nama|iks|ike|ikl|idm|status|"
    r"nilai|formulasi|sumber|keterangan|ket|penanggung|tujuan|rp|jumlah|output|keluaran|rekening|"
    r"interpretasi|interprestasi|predikat|kategori|kesimpulan|hasil|bobot|skor|akhir|renstra|rpjmd|kab|kec|prov|"
    r"sisa|selisih|volume|serapan)\b",
    re.IGNORECASE,
)
_DATA_NUMBER = re.compile(r"\d[\d.,]*\d|\d")
MAX_HEADER_ROWS = 5


@dataclass(frozen=True, slots=True)
class Column:
    index: int
    label: str  # header texts top-down, cleaned, e.g. "Realisasi Keuangan (Rp.)"
    key: str  # folded label for matching
    year: int | None  # the year the header gives this column, if any
    # the header texts top-down ("Capaian Tahun 2016 (%)", "Target"): the lowest names the column itself,
    # the ones above name its group
    parts: tuple[str, ...] = ()
    # the period a header part gives the column ("Triwulan | II | Rp" -> 2), if any
    period: int | None = None


_NUMBERS_ONLY = re.compile(r"(\(?\d{1,2}\)?\s+)+\(?\d{1,2}\)?")


def is_numbering_row(texts: list[str]) -> bool:
    """A column-number row: ``1 2 3 4`` or ``(1) (2) (3)``, maybe with gaps for merged cells.

    Text clipped from a taller header cell above can leak into it (``Kin3erja``),
    so a cell counts by its digits as long as most cells are bare numbers.
    """
    vals: list[int] = []
    bare = 0
    # a cell may hold two numbers where its column boundary was not found: "(1) (2)"
    tokens = [tok for t in texts for tok in (t.split() if _NUMBERS_ONLY.fullmatch(t.strip()) else [t])]
    for t in tokens:
        s = t.strip().strip("()").strip()
        if not s:
            continue
        digits = re.sub(r"\D", "", s)
        if not digits or len(digits) > 2:
            return False
        bare += s.isdigit()
        vals.append(int(digits))
    if len(vals) == 2 and vals == [1, 2] and all(re.fullmatch(r"\(\d\)", t.strip()) for t in tokens if t.strip()):
        return True  # a two-column table's "(1) (2)": parenthesised, as no data row prints its figures
    if len(vals) < 3 or bare * 3 < len(vals) * 2:
        return False
    if vals[0] <= 2 and all(b >= a for a, b in itertools.pairwise(vals)) and vals[-1] > vals[0]:
        return True
    # one number misread ("1" read as "3" by OCR): most neighbours still count up by one
    steps = sum(1 for a, b in itertools.pairwise(vals) if b == a + 1)
    return len(vals) >= 5 and steps * 4 >= (len(vals) - 1) * 3


# The words header patterns look for. A label no pattern matches gets its words within a typo or
# two of one of these repaired and is tried again: OCR reads "Realisasi" as "Pealicasi", and
# hand-typed headers carry typos of their own ("Realiasi", "Capaain").
_PERCENT_GLYPHS = re.compile(r"^[0-9oivy%]{1,2}$")  # "(%)" as OCR reads it: "(0)", "(70)", "(96)", "io)", "(vo)"


def _misread_percent(token: str) -> bool:
    return bool(_PERCENT_GLYPHS.match(token)) and token not in ("ii", "iv", "vi")  # roman TW numbers stay
HEADER_WORDS = (
    "target", "realisasi", "capaian", "satuan", "indikator", "sasaran", "kinerja", "anggaran", "pagu",
    "alokasi", "program", "kegiatan", "uraian", "keterangan", "persentase", "prosentase", "nomor", "kode",
    "rekening", "keuangan", "serapan", "output", "keluaran", "volume", "desa", "kelurahan", "status",
    "nilai", "ketahanan", "sosial", "ekonomi", "lingkungan", "sebelum", "sesudah", "setelah", "perubahan",
)


def repair_header_words(key: str) -> str:
    """Given a folded header label, return it with its OCR and typing slips undone: a header word split
    in two ("realis asi"), an unknown word of 5+ letters a typo away from exactly one header word (1 edit
    up to 7 letters, 2 from 8: "pealicasi", "realisas"), and a last token OCR makes of "(%)" ("70",
    "96", "vo") after a header word; other words stay."""
    out: list[str] = []
    words = key.split()
    k = 0
    while k < len(words):
        word = words[k]
        if k + 1 < len(words) and word.isalpha() and words[k + 1].isalpha() and word + words[k + 1] in HEADER_WORDS:
            out.append(word + words[k + 1])
            k += 2
            continue
        k += 1
        if k == len(words) and out and _misread_percent(word) and out[-1] in HEADER_WORDS:
            out.append("%")
        elif len(word) < 5 or not word.isalpha() or word in HEADER_WORDS:
            out.append(word)
        else:
            out.append(_near_header_word(word))
    return " ".join(out)


def _near_header_word(word: str) -> str:
    limit = 1 if len(word) < 8 else 2
    # OSA: a swapped pair of letters ("traget", "realisais") is one slip, as typists make it
    near = [w for w in HEADER_WORDS if OSA.distance(word, w, score_cutoff=limit) <= limit]
    return near[0] if len(near) == 1 else word


# a year glued to the word before it where the text layer lost the space: "Target2016", "Realisasi2016"
_GLUED_YEAR = re.compile(r"(?<=[A-Za-z])(?=(?:19[89]\d|20[0-4]\d)\b)")


def unglue_years(text: str) -> str:
    """Given a header text, return it with a space before a year glued to a word ("Target2016")."""
    return _GLUED_YEAR.sub(" ", text)


_AMOUNT_CELL = re.compile(r"^\s*rp\.?\s*\d", re.IGNORECASE)


def _is_header_row(row: list[GridCell]) -> bool:
    texts = [unglue_years(c.text) for c in row if c.is_origin and c.text.strip()]
    if not texts:
        return False
    for t in texts:
        if _AMOUNT_CELL.match(t):
            return False  # "Rp 1.180.379.000": the header word "Rp" prefixes a figure
        words = repair_header_words(fold(t))
        stripped = _YEAR.sub("", words)
        # any figure other than a year or a unit marker means data
        if _DATA_NUMBER.search(stripped.replace("100", "")) and not _HEADER_WORD.search(words):
            return False
    return any(_HEADER_WORD.search(repair_header_words(fold(t))) or _YEAR.fullmatch(t.strip()) for t in texts)


def _is_full_width(row: list[GridCell]) -> bool:
    origins = [c for c in row if c.is_origin and c.text.strip()]
    return len(origins) == 1 and sum(1 for c in row if c.text == origins[0].text) >= max(2, len(row) - 1)


def _is_lone_long_text(row: list[GridCell]) -> bool:
    texts = [c.text.strip() for c in row if c.is_origin and c.text.strip()]
    return len(texts) == 1 and len(texts[0]) > 30


# A header row naming periods under a spanning label: "I II III IV", "TW I", "Triwulan II", "Semester 1"
_PERIOD_LABEL = re.compile(
    r"(?:(?:tw|trw|triwulan|kuartal|semester|smt|sem)\.?\s*(?:i{1,3}|iv|[1-4])|i{1,3}|iv)", re.IGNORECASE
)
# A header row of unit letters under each period, printed below the column numbers in the Permendagri
# evaluation forms ("K | Rp": kinerja and rupiah of each quarter)
_UNIT_LABELS = frozenset({"k", "rp", "rp.", "(rp)", "%", "(%)", "fisik", "keu", "keuangan", "kinerja", "vol", "volume"})


def _origin_texts(row: list[GridCell]) -> list[str]:
    return [c.text.strip() for c in row if c.is_origin and c.text.strip()]


def is_period_row(row: list[GridCell]) -> bool:
    """True for a header row of period labels only: "I", "II", "III", "IV" (two or more)."""
    texts = _origin_texts(row)
    return len(texts) >= 2 and all(_PERIOD_LABEL.fullmatch(t) for t in texts)


def is_unit_row(row: list[GridCell]) -> bool:
    """True for a header row of unit letters only: "K", "Rp", "K", "Rp" (two or more)."""
    texts = _origin_texts(row)
    return len(texts) >= 2 and all(t.lower() in _UNIT_LABELS for t in texts)


def split_header(rows: list[list[GridCell]], marked: int = 0) -> tuple[int, list[int]]:
    """Given a table's rows, return (number of header rows, indices of column-number rows among them).

    The header is the leading run of rows made of header words, years and period labels, ending at
    a column-number row when there is one (or at the row of unit letters some forms print below it).
    A full-width row after a header row is a group row (sasaran), not header.
    """
    late = _numbering_ends_header(rows)
    if late is not None and late > MAX_HEADER_ROWS:
        return late + 1, [late]
    n = 0
    numbering: list[int] = []
    for i, row in enumerate(rows[: max(MAX_HEADER_ROWS, marked) + 1]):
        texts = [c.text for c in row]
        if is_numbering_row([c.text for c in row if c.is_origin]):
            numbering.append(i)
            n = i + 1
            if i + 1 < len(rows) and is_unit_row(rows[i + 1]):
                n = i + 2
            break
        if i < marked:
            n = i + 1
            continue
        if n > 0 and is_period_row(row):
            n = i + 1
            continue
        if n > 0 and (_is_full_width(row) or _is_lone_long_text(row) or is_split_group_row(row)):
            break
        if _is_header_row(row):
            n = i + 1
            continue
        if not any(ch.isalnum() for t in texts for ch in t):
            continue  # empty, or marks only ("—", "»": a rule or dust OCR read as a glyph)
        break
    return n, numbering


#: A header whose lines a word-aligned grid cut into rows of their own can run this deep above its column numbers.
MAX_SPLIT_HEADER_ROWS = 9


def _numbering_ends_header(rows: list[list[GridCell]]) -> int | None:
    """The index of a column-number row standing below more header lines than a header has rows, when every
    line above it is header text (words and years, no figures) and one of them names columns: a borderless
    header whose lines the grid cut into rows ("Terhadap" / "Target* Realisasi**" / ... / "(1) ... (7)")."""
    for i, row in enumerate(rows[: MAX_SPLIT_HEADER_ROWS + 1]):
        if not is_numbering_row([c.text for c in row if c.is_origin]):
            continue
        above = rows[:i]
        if not any(_is_header_row(r) for r in above):
            return None
        for r in above:
            for t in _origin_texts(r):
                if len(t) > 60 or _DATA_NUMBER.search(_YEAR.sub("", unglue_years(t))):
                    return None
        return i
    return None


def label_key(label: str) -> str:
    """Folded header label for pattern matching: lowercase words, "%" kept."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w%]+", " ", label.lower())).strip()


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_COLUMN_NUMBER = re.compile(r"\(?\d{1,2}\)?")


def period_of(part: str) -> int | None:
    """The period number a header part names: "II" -> 2, "TW III" -> 3, "Semester 1" -> 1; else None."""
    if not _PERIOD_LABEL.fullmatch(part.strip()):
        return None
    last = part.strip().split()[-1].strip(".").lower()
    last = re.sub(r"^(tw|trw|smt|sem)\.?", "", last)
    return _ROMAN.get(last) or (int(last) if last.isdigit() else None)


def column_labels(header_rows: list[list[GridCell]], n_cols: int) -> list[Column]:
    """Given the header rows (numbering rows excluded), return one Column per grid column."""
    cols: list[Column] = []
    texts = [_split_run_together(row) for row in header_rows]
    for j in range(n_cols):
        parts: list[str] = []
        for row in texts:
            if j < len(row):
                t = clean_text(unglue_years(row[j]))
                # a column number spanning down from the numbering row into the unit row names nothing
                if t and (not parts or parts[-1] != t) and not _COLUMN_NUMBER.fullmatch(t):
                    parts.append(t)
        label = " ".join(parts)
        years = [int(y) for y in _YEAR.findall(label)]
        periods = [p for p in map(period_of, parts) if p is not None]
        cols.append(
            Column(
                index=j, label=label, key=label_key(label), year=years[-1] if years else None, parts=tuple(parts),
                period=periods[-1] if periods else None,
            )
        )  # fmt: skip
    return cols


_OWN_COLUMN_WORDS = ("target", "realisasi", "capaian", "satuan")


def _split_run_together(row: list[GridCell]) -> list[str]:
    """A header row's texts per column, with a cell that spans k columns only because a word-aligned grid ran
    their labels together split back, one token a column: k tokens that repeat one label ("2016 2016",
    "Nilai Nilai") or name k different columns' own fields ("Target* Realisasi**"). A group label over
    several columns ("Capaian Kinerja") is neither and spans them still."""
    out = [c.text for c in row]
    j = 0
    while j < len(row):
        k = j + 1
        while k < len(row) and row[k].from_left and row[k].text == row[j].text:
            k += 1
        tokens = row[j].text.split()
        if k - j > 1 and len(tokens) == k - j:
            bare = [re.sub(r"[^\w%]", "", t).lower() for t in tokens]
            repeated = len(set(bare)) == 1 and bool(bare[0])
            own = len(set(bare)) == len(bare) and all(b in _OWN_COLUMN_WORDS for b in bare)
            if repeated or own:
                out[j:k] = tokens
        j = k
    return out


def header_key(row: list[GridCell]) -> str:
    """A row's text for comparing header rows: lowercase letters and digits only, cells separated."""
    return "|".join(re.sub(r"[\W_]+", "", c.text.lower()) for c in row)


def header_equal(row_key: str, header_key_: str) -> bool:
    """True when a body row repeats a header row (a header printed again after a page break).

    Takes the rows' ``header_key``. Compared loosely: a repeated header may clip
    differently on its new page (``% Keuanga``).
    """
    if not row_key.strip("|") or row_key.count("|") != header_key_.count("|"):
        return False
    return row_key == header_key_ or fuzz.ratio(row_key, header_key_) >= 90
