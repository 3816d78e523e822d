"""Canonical indicator keys (`indikator_kode`) for printed indicator wordings.

Given an indicator as printed ("Indek Kepuasan Masyrakat", "2. Nilai AKIP SKPD"),
return the catalogue key it means ("ikm", "nilai_akip") or, when no key fits
well enough, a slug of its own ("x_persentase_jalan_kondisi_baik") so that a
wrong match never happens silently.

Matching, in order:
1. fold the text: ASCII, lower case, numbering ("1.", "01.02", "a.") and
   punctuation removed, OCR-split words rejoined ("Pers entase"), spelling
   variants unified ("prosentase"), abbreviations expanded ("IKM");
2. exact lookup of the folded text among the folded catalogue variants;
3. fuzzy: the *content* tokens (generic words such as "persentase", "nilai",
   "jumlah", "yang" removed) are scored against every variant's content tokens
   with `_content_score`, a token-level Dice coefficient where two tokens agree
   when their rapidfuzz ratio is at least `TOKEN_THRESHOLD` (short tokens must
   be equal), blended with `fuzz.token_sort_ratio`. A text with no content
   token ("Persentase", "Rata-rata capaian kinerja") never matches, nor does
   a sasaran statement ("Meningkatnya ...") printed where an indicator belongs.

`MATCH_THRESHOLD` was chosen on tests/normalizers/indicator_wordings.tsv;
`python -m lkjip.normalizers.indicators --eval FILE` prints the figures for this
scorer and for plain rapidfuzz scorers (token_set_ratio, WRatio) for comparison.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from rapidfuzz import fuzz, process

#: Minimum score (0..100) for a wording to be given a catalogue key.
MATCH_THRESHOLD: Final[float] = 80.0
#: Two tokens of length > 3 count as the same word from this ratio on ("masyrakat" ~ "masyarakat").
TOKEN_THRESHOLD: Final[float] = 85.0
#: Longest slug for unknown indicators, without the "x_" prefix.
SLUG_MAX: Final[int] = 58
#: Candidates within this many points of the best are re-ranked by satuan.
SATUAN_TIE_MARGIN: Final[float] = 2.0

UNKNOWN_PREFIX: Final[str] = "x_"


@dataclass(frozen=True, slots=True)
class IndicatorMatch:
    kode: str
    known: bool
    score: float
    nama: str | None
    higher_is_better: bool | None
    candidate: str | None


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    kode: str
    nama: str
    higher_is_better: bool
    satuan: tuple[str, ...]
    variants: tuple[str, ...]


# Words that say how an indicator is measured, not what: they never decide a match.
GENERIC_WORDS: Final[frozenset[str]] = frozenset(
    {
        "persentase", "persen", "jumlah", "nilai", "tingkat", "indeks", "angka", "rasio", "rata",
        "yang", "dan", "di", "dengan", "dalam", "ke", "dari", "pada", "untuk", "terhadap", "oleh",
        "per", "atau", "hasil", "capaian", "kinerja", "meningkatnya", "menurunnya", "meningkatkan",
        "terwujudnya", "tercapainya", "cakupan", "sebesar", "tahun", "skpd", "opd", "perangkat",
        "daerah", "kecamatan", "kabupaten", "kota", "wilayah", "total", "secara", "se", "the", "of",
    }
)  # fmt: skip

# Words left out of slugs of unknown indicators.
_SLUG_STOPWORDS: Final[frozenset[str]] = frozenset(
    {
        "yang",
        "dan",
        "di",
        "dengan",
        "dalam",
        "ke",
        "dari",
        "pada",
        "untuk",
        "terhadap",
        "oleh",
        "atau",
        "the",
        "of",
    }
)

# Spelling variants and typos seen in reports, applied per token after folding.
_SPELLING: Final[dict[str, str]] = {
    "prosentase": "persentase",
    "presentase": "persentase",
    "persentasi": "persentase",
    "prosentasi": "persentase",
    "indek": "indeks",
    "index": "indeks",
    "masyrakat": "masyarakat",
    "sakip": "akip",
    "bumdesa": "bumdes",
    "ketenteraman": "ketentraman",
    "ditindaklanjuti": "tindaklanjut",
    "tindaklanjuti": "tindaklanjut",
    "pori": "polri",
    "perkapita": "kapita",
    "mesjid": "masjid",
}

# Multi-word spellings unified before tokens are looked at.
_PHRASES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(rf"\b{a}\b"), b)
    for a, b in (
        (r"tindak\s+lanjut(?:i)?", "tindaklanjut"),
        (r"ditindak\s+lanjuti", "tindaklanjut"),
        (r"peraturan\s+daerah", "perda"),
        (r"pol\s+pp", "polpp"),
        (r"polisi\s+pamong\s+praja", "polpp"),
        (r"badan\s+usaha\s+milik\s+desa", "bumdes"),
        (r"rata\s+rata", "rata"),
        (r"berhasil\s+guna", "berhasilguna"),
        (r"sd\s+mi", "sdmi"),
        (r"smp\s+mts", "smpmts"),
        (r"per\s+kapita", "kapita"),
    )
)

# Abbreviations expanded so that "IKM" and "Indeks Kepuasan Masyarakat" fold alike.
_ABBREVIATIONS: Final[dict[str, str]] = {
    "ikm": "indeks kepuasan masyarakat",
    "idm": "indeks desa membangun",
    "akip": "akuntabilitas kinerja instansi pemerintah",
    "lkjip": "laporan kinerja instansi pemerintah",
    "lkip": "laporan kinerja instansi pemerintah",
    "ipm": "indeks pembangunan manusia",
    "ipg": "indeks pembangunan gender",
    "idg": "indeks pemberdayaan gender",
    "iklh": "indeks kualitas lingkungan hidup",
    "ika": "indeks kualitas air",
    "iktl": "indeks kualitas tutupan lahan",
    "aki": "angka kematian ibu",
    "akb": "angka kematian bayi",
    "akaba": "angka kematian balita",
    "apm": "angka partisipasi murni",
    "apk": "angka partisipasi kasar",
    "tpt": "tingkat pengangguran terbuka",
    "spip": "sistem pengendalian intern pemerintah",
    "apip": "aparat pengawasan intern pemerintah",
    "paten": "pelayanan administrasi terpadu kecamatan",
    "trantibum": "ketentraman ketertiban umum",
    "trantib": "ketentraman ketertiban",
    "ekppd": "evaluasi kinerja penyelenggaraan pemerintahan daerah",
    "spbe": "sistem pemerintahan berbasis elektronik",
    "rb": "reformasi birokrasi",
    "asn": "aparatur sipil negara",
    "lpe": "laju pertumbuhan ekonomi",
    "ahh": "angka harapan hidup",
    "uhh": "usia harapan hidup",
    "rls": "rata lama sekolah",
    "hls": "harapan lama sekolah",
    "pdrb": "produk domestik regional bruto",
    "lpj": "laporan pertanggungjawaban",
    "kh": "kelahiran hidup",
    "lkpd": "laporan keuangan pemerintah daerah",
    "wtp": "wajar tanpa pengecualian",
}

_NUMBERING = re.compile(r"^\s*(?:(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]?|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])\s+)+")
_NON_ALNUM = re.compile(r"[^a-z0-9%]+")
_SPACES = re.compile(r"\s+")
_DIGIT_LETTER = re.compile(r"(?<=[0-9])(?=[a-z])|(?<=[a-z])(?=[0-9])")
# A sasaran states a change ("Meningkatnya ...", "Terwujudnya ..."), an indicator a measure; a
# sasaran printed in an indicator column must not take the key of the indicator that measures it.
# "Menurunnya" is left out: reports use "Menurunnya Tingkat Pelanggaran Perda" as the indicator.
_SASARAN_START = re.compile(
    r"^(?:meningkatnya|meningkatkan|terwujudnya|mewujudkan|terselenggaranya|tercapainya|"
    r"terpenuhinya|terlaksananya|optimalnya|mantapnya)\b"
)


# --- catalogue -----------------------------------------------------------------


@cache
def load_catalogue() -> dict[str, CatalogueEntry]:
    """Return the indicator catalogue (normalizers/data/indikator.toml) by key; read once."""
    raw = resources.files("lkjip.normalizers").joinpath("data", "indikator.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    catalogue: dict[str, CatalogueEntry] = {}
    for kode, table in data.items():
        if not isinstance(table, dict):
            raise ValueError(f"indikator.toml: [{kode}] must be a table")
        variants = tuple(str(v) for v in table.get("variants", []))
        nama = str(table["nama"])
        catalogue[kode] = CatalogueEntry(
            kode=kode,
            nama=nama,
            higher_is_better=bool(table["higher_is_better"]),
            satuan=tuple(_fold_satuan(str(s)) for s in table.get("satuan", [])),
            variants=(nama, *variants),
        )
    return catalogue


@dataclass(frozen=True, slots=True)
class _Index:
    exact: dict[str, str]  # folded+expanded text -> kode
    content_exact: dict[str, str]  # content string -> kode (only when unambiguous)
    choices: list[str]  # content strings of all variants, for fuzzy matching
    choice_kode: list[str]  # kode of each choice
    vocabulary: frozenset[str]


@cache
def _index() -> _Index:
    catalogue = load_catalogue()
    vocab: set[str] = set()
    for entry in catalogue.values():
        for v in entry.variants:
            vocab.update(_basic_fold(v).split())
    for expansion in _ABBREVIATIONS.values():
        vocab.update(expansion.split())
    vocab.update(_SPELLING.values())
    vocab.update(p for _, repl in _PHRASES for p in repl.split())
    vocabulary = frozenset(vocab)

    exact: dict[str, str] = {}
    content_kodes: dict[str, set[str]] = {}
    choices: list[str] = []
    choice_kode: list[str] = []
    for entry in catalogue.values():
        for v in entry.variants:
            folded = _expand(_fold_with(v, vocabulary))
            exact.setdefault(folded, entry.kode)
            content = " ".join(_content_tokens(folded))
            if not content:
                continue
            content_kodes.setdefault(content, set()).add(entry.kode)
            choices.append(content)
            choice_kode.append(entry.kode)
    content_exact = {c: next(iter(k)) for c, k in content_kodes.items() if len(k) == 1}
    return _Index(exact, content_exact, choices, choice_kode, vocabulary)


def catalogue_collisions() -> dict[str, set[str]]:
    """Return content strings that two catalogue keys share (should be empty)."""
    idx = _index()
    seen: dict[str, set[str]] = {}
    for content, kode in zip(idx.choices, idx.choice_kode, strict=True):
        seen.setdefault(content, set()).add(kode)
    return {c: k for c, k in seen.items() if len(k) > 1}


# --- folding ---------------------------------------------------------------------


def _ascii_lower(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _basic_fold(text: str) -> str:
    """Lower-case ASCII words of `text`, numbering and punctuation removed."""
    s = _ascii_lower(text).replace("\u00a0", " ")
    s = _NUMBERING.sub("", s)
    s = re.sub(r"^\s*%", "persentase ", s)
    s = _NON_ALNUM.sub(" ", s).replace("%", " persen ")
    s = _DIGIT_LETTER.sub(" ", s)  # "100.000KH" -> "100 000 kh"
    return _SPACES.sub(" ", s).strip()


def _merge_split_words(tokens: list[str], vocabulary: frozenset[str]) -> list[str]:
    """Rejoin words that OCR or line wrapping split ("pers entase", "ditindak lanjuti")."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        merged = False
        for width in (4, 3, 2):
            if i + width > len(tokens):
                continue
            pieces = tokens[i : i + width]
            joined = "".join(pieces)
            if joined in vocabulary and any(p not in vocabulary for p in pieces):
                out.append(joined)
                i += width
                merged = True
                break
        if not merged:
            out.append(tokens[i])
            i += 1
    return out


def _fold_with(text: str, vocabulary: frozenset[str]) -> str:
    tokens = _merge_split_words(_basic_fold(text).split(), vocabulary)
    s = " ".join(_SPELLING.get(t, t) for t in tokens)
    for pattern, repl in _PHRASES:
        s = pattern.sub(repl, s)
    return s


def _expand(folded: str) -> str:
    return " ".join(_ABBREVIATIONS.get(t, t) for t in folded.split())


def fold_indicator(text: str) -> str:
    """Given a printed indicator, return its folded, abbreviation-expanded form."""
    return _expand(_fold_with(text, _index().vocabulary))


def _content_tokens(folded: str) -> list[str]:
    return [t for t in folded.split() if t not in GENERIC_WORDS and not t.isdigit()]


def _fold_satuan(satuan: str) -> str:
    s = _basic_fold(satuan)
    return {"persen": "%", "prosen": "%", "": ""}.get(s, s)


def slugify(text: str) -> str:
    """Given an indicator as printed, return the key for an unknown indicator ("x_...")."""
    tokens = [t for t in _basic_fold(text).split() if t not in _SLUG_STOPWORDS]
    tokens = [_SPELLING.get(t, t) if t in {"prosentase", "presentase"} else t for t in tokens]
    slug = ""
    for t in tokens:
        candidate = f"{slug}_{t}" if slug else t
        if len(candidate) > SLUG_MAX:
            break
        slug = candidate
    if not slug and tokens:
        slug = tokens[0][:SLUG_MAX]
    return UNKNOWN_PREFIX + (slug or "tanpa_nama")


# --- scoring ---------------------------------------------------------------------


def _token_agrees(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) <= 3 or len(b) <= 3:
        return False
    return fuzz.ratio(a, b) >= TOKEN_THRESHOLD


def _content_score(query: str, choice: str, **_: object) -> float:
    """Score two content strings 0..100: fuzzy token Dice (70%) + token_sort_ratio (30%)."""
    q, c = query.split(), choice.split()
    if not q or not c:
        return 0.0
    matched_q = sum(1 for a in q if any(_token_agrees(a, b) for b in c))
    matched_c = sum(1 for b in c if any(_token_agrees(a, b) for a in q))
    dice = 100.0 * (matched_q + matched_c) / (len(q) + len(c))
    return 0.7 * dice + 0.3 * fuzz.token_sort_ratio(query, choice)


Scorer = Callable[..., float]


def _best(content: str, scorer: Scorer, satuan: str | None) -> tuple[str | None, float]:
    idx = _index()
    ranked = process.extract(content, idx.choices, scorer=scorer, processor=None, limit=8)
    if not ranked:
        return None, 0.0
    best_score = float(ranked[0][1])
    best_kode = idx.choice_kode[ranked[0][2]]
    if satuan:
        wanted = _fold_satuan(satuan)
        catalogue = load_catalogue()
        for _, score, i in ranked:
            if best_score - float(score) > SATUAN_TIE_MARGIN:
                break
            kode = idx.choice_kode[i]
            if wanted in catalogue[kode].satuan:
                return kode, best_score
    return best_kode, best_score


def _result(kode: str | None, score: float, text: str, threshold: float) -> IndicatorMatch:
    catalogue = load_catalogue()
    if kode is not None and score >= threshold:
        entry = catalogue[kode]
        return IndicatorMatch(kode, True, round(score, 2), entry.nama, entry.higher_is_better, kode)
    return IndicatorMatch(slugify(text), False, round(score, 2), None, None, kode)


def match_indicator(
    text: str,
    satuan: str | None = None,
    *,
    scorer: Scorer | None = None,
    threshold: float = MATCH_THRESHOLD,
) -> IndicatorMatch:
    """Given an indicator as printed (and its satuan), return its catalogue key or an "x_" slug.

    `scorer` and `threshold` exist for measuring alternatives; leave them unset.
    """
    idx = _index()
    folded = fold_indicator(text)
    if _SASARAN_START.match(folded):
        content = " ".join(_content_tokens(folded))
        kode, score = _best(content, scorer or _content_score, satuan) if content else (None, 0.0)
        return IndicatorMatch(slugify(text), False, round(score, 2), None, None, kode)
    hit = idx.exact.get(folded)
    if hit is not None:
        return _result(hit, 100.0, text, threshold)
    content = " ".join(_content_tokens(folded))
    if not content:
        return _result(None, 0.0, text, threshold)
    hit = idx.content_exact.get(content)
    if hit is not None and scorer is None:
        return _result(hit, 100.0, text, threshold)
    kode, score = _best(content, scorer or _content_score, satuan)
    return _result(kode, score, text, threshold)


def indicator_direction(kode: str) -> bool | None:
    """Given a catalogue key, return higher_is_better; None for unknown ("x_...") keys."""
    entry = load_catalogue().get(kode)
    return entry.higher_is_better if entry else None


# --- evaluation on a labelled list -------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvalFigures:
    n: int
    n_positive: int  # wordings whose expected key is a catalogue key
    correct: int  # known match with the expected key
    wrong: int  # known match with another key (the failure that matters)
    unmatched: int  # expected a key, got none
    false_match: int  # expected "-", got a key
    true_reject: int  # expected "-", got none

    @property
    def precision(self) -> float:
        matched = self.correct + self.wrong + self.false_match
        return self.correct / matched if matched else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.n_positive if self.n_positive else 1.0

    def line(self) -> str:
        return (
            f"n={self.n} positives={self.n_positive} correct={self.correct} "
            f"wrong_above_threshold={self.wrong + self.false_match} (other_key={self.wrong}, "
            f"must_not_match={self.false_match}) unmatched={self.unmatched} rejected_ok={self.true_reject} "
            f"precision={self.precision:.3f} recall={self.recall:.3f}"
        )


def read_labelled(path: str) -> list[tuple[str, str, str]]:
    """Read a TSV of (wording, expected_kode or "-", source), header and # lines skipped."""
    rows: list[tuple[str, str, str]] = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if lineno == 0 and parts[0] == "wording":
                continue
            if len(parts) < 2:
                raise ValueError(f"{path}:{lineno + 1}: expected wording<TAB>expected_kode<TAB>source")
            rows.append((parts[0], parts[1].strip(), parts[2] if len(parts) > 2 else ""))
    return rows


def evaluate(
    rows: Iterable[tuple[str, str, str]],
    *,
    scorer: Scorer | None = None,
    threshold: float = MATCH_THRESHOLD,
    failures: list[tuple[str, str, IndicatorMatch]] | None = None,
) -> EvalFigures:
    """Match every labelled wording and count correct, wrong, unmatched."""
    n = n_pos = correct = wrong = unmatched = false_match = true_reject = 0
    for wording, expected, _ in rows:
        n += 1
        m = match_indicator(wording, scorer=scorer, threshold=threshold)
        if expected == "-":
            if m.known:
                false_match += 1
            else:
                true_reject += 1
        else:
            n_pos += 1
            if m.known and m.kode == expected:
                correct += 1
            elif m.known:
                wrong += 1
            else:
                unmatched += 1
        is_ok = (expected == "-" and not m.known) or (m.known and m.kode == expected)
        if failures is not None and not is_ok:
            failures.append((wording, expected, m))
    return EvalFigures(n, n_pos, correct, wrong, unmatched, false_match, true_reject)


def _main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lkjip.normalizers.indicators")
    parser.add_argument("--eval", metavar="TSV", required=True, help="labelled wordings to evaluate")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    rows = read_labelled(args.eval)
    print(f"catalogue: {len(load_catalogue())} keys; threshold {MATCH_THRESHOLD}")
    failures: list[tuple[str, str, IndicatorMatch]] = []
    print("content_score (used):", evaluate(rows, failures=failures).line())
    scorers: dict[str, Scorer] = {"token_set_ratio": fuzz.token_set_ratio, "WRatio": fuzz.WRatio}
    for name, sc in scorers.items():
        for th in (85.0, 90.0):
            print(f"{name} @ {th:g} (comparison):", evaluate(rows, scorer=sc, threshold=th).line())
    for wording, expected, m in failures if args.verbose else []:
        print(
            f"  MISS expected={expected} got={m.kode} known={m.known} score={m.score} "
            f"candidate={m.candidate} :: {wording}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(_main())
