"""Clean cell, header and caption text without damaging text that is already right.

* ``clean_text``: NFKC, invisible characters removed, homoglyphs fixed inside
  Latin words, hyphenated line breaks rejoined, whitespace collapsed.
* ``clean_code``: row codes (``А``, ``I.``, ``7.01.01.2.01.0001``) in Latin letters,
  without a trailing full stop.
* ``fix_letter_spacing``: OCR letter-spacing (``J u m l a h``, ``KI NERJ A``,
  ``Per sentase``) repaired with a vocabulary of report words
  (``normalizers/_kata.py``); fragments are joined only when at least one of them
  is not a word and the joined run reads as report words, so two real words
  are never glued.
* ``fold``: comparison key for headers and labels.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from lkjip.normalizers._kata import FUNCTION_WORDS, KATA

__all__ = ["clean_code", "clean_text", "fix_homoglyphs", "fix_letter_spacing", "fold"]

# Cyrillic and Greek letters that print like Latin ones.
_HOMOGLYPHS: dict[str, str] = {
    # Cyrillic capitals
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K", "М": "M",
    "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y",
    # Cyrillic small
    "а": "a", "с": "c", "е": "e", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s", "х": "x",
    "у": "y", "һ": "h", "ԛ": "q", "ԝ": "w",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Greek small
    "ο": "o", "ϲ": "c",
}  # fmt: skip
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_TOKEN_RE = re.compile(r"[^\W_]+")
# The second word is a lookahead so that "rata- rata- rata" rejoins in one pass.
_LINE_HYPHEN_RE = re.compile(r"([^\W\d_]+)-[^\S\n]*\n\s*(?=([^\W\d_]+))")
_SPACE_HYPHEN_RE = re.compile(r"([^\W\d_]+)-[^\S\n]+(?=([^\W\d_]+))")
_FRAGMENT_RE = re.compile(r"^[^\W\d_]+(?:-[^\W\d_]+)*$")
_MAX_GROUP = 12
_MAX_WORD = max(len(w) for w in KATA)


def clean_text(text: str | None) -> str:
    """Given cell, header or caption text, return it normalised to one clean line."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text)
    s = _INVISIBLE_RE.sub("", s)
    s = _LINE_HYPHEN_RE.sub(lambda m: _rejoin(m.group(1), m.group(2), line_break=True), s)
    s = _SPACE_HYPHEN_RE.sub(lambda m: _rejoin(m.group(1), m.group(2), line_break=False), s)
    s = fix_homoglyphs(s)
    return " ".join(s.split())


def clean_code(text: str | None) -> str:
    """Given a printed row code ("А", "I.", "1.", "7.01.01.2.01.0001"), return it in Latin letters, no trailing dot."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKC", text)
    s = _INVISIBLE_RE.sub("", s).translate(_HOMOGLYPH_TABLE)
    return " ".join(s.split()).rstrip(". ")


def fix_homoglyphs(text: str) -> str:
    """Given text, return it with Cyrillic/Greek look-alikes made Latin inside Latin words and codes.

    A token is changed when its letters are mostly Latin ("Pеrsentase"), when it
    is a single letter ("В" as a row code), or when it is a short capital code
    ("ІІ") in mostly Latin text; a genuinely Cyrillic or Greek word is left alone.
    """
    if not isinstance(text, str) or not any(c in _HOMOGLYPHS for c in text):
        return text if isinstance(text, str) else ""
    for _ in range(3):  # a pass can make the text mostly Latin, which widens the next pass
        fixed = _homoglyph_pass(text)
        if fixed == text:
            break
        text = fixed
    return text


def _homoglyph_pass(text: str) -> str:
    latin_text = _count_latin(text) >= _count_foreign(text)

    def fix(m: re.Match[str]) -> str:
        return _fix_token(m.group(0), latin_text)

    return _TOKEN_RE.sub(fix, text)


def _fix_token(token: str, latin_text: bool) -> str:
    letters = [c for c in token if c.isalpha()]
    mappable = sum(1 for c in letters if c in _HOMOGLYPHS)
    if not mappable:
        return token
    latin = sum(1 for c in letters if _is_latin(c))
    if latin + mappable < len(letters):
        return token  # other non-Latin letters: a real foreign word
    short_code = len(letters) <= 4 and all(c.isupper() for c in letters) and latin_text
    if latin >= mappable or len(letters) == 1 or short_code:
        return token.translate(_HOMOGLYPH_TABLE)
    return token


def _is_latin(c: str) -> bool:
    return (c.isascii() and c.isalpha()) or unicodedata.name(c, "").startswith("LATIN")


def _count_latin(text: str) -> int:
    return sum(1 for c in text if c.isalpha() and _is_latin(c))


def _count_foreign(text: str) -> int:
    return sum(1 for c in text if c.isalpha() and not _is_latin(c))


def _is_word(fragment: str) -> bool:
    parts = [p for p in fragment.casefold().split("-") if p]
    return bool(parts) and all(p in KATA or p in FUNCTION_WORDS for p in parts)


def _reduplication(a: str, b: str) -> bool:
    """Say whether "a-b" is a reduplicated form ("rata-rata", "perundang-undangan", "sayur-mayur")."""
    if a == b:
        return True
    for k in range(min(len(a), len(b)), 2, -1):
        if a.endswith(b[:k]):
            return True
    return len(a) >= 4 and len(b) >= 4 and a[-3:] == b[-3:]


def _rejoin(a: str, b: str, *, line_break: bool) -> str:
    """Given the word parts either side of a broken hyphen, return what replaces "a-" and the break."""
    al, bl = a.casefold(), b.casefold()
    keep, join, leave = f"{a}-", a, f"{a}- "
    if _reduplication(al, bl):
        return keep
    if b[:1].isupper() and not b.isupper():
        return keep if line_break else leave  # "Sub-\nKegiatan": a new capitalised word
    if al + bl in KATA:
        return join
    if not line_break:
        return leave
    if _is_word(a) and _is_word(b):
        return keep  # "berhasil-\nguna"
    return join  # "pemberda-\nyaan"


@dataclass(frozen=True, slots=True)
class _Choice:
    score: float
    start: int
    text: str | None  # replacement for fragments[start:end]; None keeps them


def fix_letter_spacing(text: str) -> str:
    """Given text with OCR letter-spacing ("KI NERJ A", "Satua n"), return it with the words rejoined."""
    if not isinstance(text, str) or not text:
        return text if isinstance(text, str) else ""
    parts = re.split(r"(\s+)", text)
    fragments, gaps = parts[0::2], parts[1::2]
    n = len(fragments)
    groupable = [bool(_FRAGMENT_RE.match(f)) for f in fragments]
    non_word = [g and not _is_word(f) for f, g in zip(fragments, groupable, strict=True)]
    best: list[_Choice | None] = [_Choice(0.0, 0, None)] + [None] * n
    for end in range(1, n + 1):
        prev = best[end - 1]
        assert prev is not None
        choice = _Choice(prev.score, end - 1, None)
        for start in range(end - 2, max(-1, end - 1 - _MAX_GROUP), -1):
            if not groupable[start] or "\n" in gaps[start]:
                break
            if not all(groupable[start:end]) or not any(non_word[start:end]):
                continue
            joined = _segment("".join(fragments[start:end]))
            if joined is None or joined == " ".join(fragments[start:end]):
                continue
            before = best[start]
            assert before is not None
            score = before.score + sum(non_word[start:end]) - 0.01 * (joined.count(" ") + 1)
            if score > choice.score:
                choice = _Choice(score, start, joined)
        best[end] = choice
    return _rebuild(fragments, gaps, best)


def _rebuild(fragments: list[str], gaps: list[str], best: list[_Choice | None]) -> str:
    pieces: list[tuple[int, int, str | None]] = []
    end = len(fragments)
    while end > 0:
        choice = best[end]
        assert choice is not None
        pieces.append((choice.start, end, choice.text))
        end = choice.start
    out: list[str] = []
    for start, _stop, replacement in reversed(pieces):
        if start > 0:
            out.append(gaps[start - 1])
        if replacement is None:
            out.append(fragments[start])
        else:
            out.append(replacement)
    return "".join(out)


def _segment(run: str) -> str | None:
    """Given letters glued together ("PEMERINTAHKABUPATEN", "Rata-rata"), return them as report words or None."""
    low = run.casefold()
    if len(low) != len(run):
        return None
    n = len(low)
    # best[i]: fewest words covering low[:i], with the previous cut
    best: list[tuple[int, int] | None] = [(0, -1)] + [None] * n
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        if low[i] == "-":
            following = best[i + 1]
            if i > 0 and (following is None or following[0] > here[0]):
                best[i + 1] = (here[0], i)
            continue
        for j in range(i + 2, min(n, i + _MAX_WORD) + 1):
            if low[i:j] in KATA:
                cand = (here[0] + 1, i)
                current = best[j]
                if current is None or cand[0] < current[0]:
                    best[j] = cand
    if best[n] is None or low.endswith("-"):
        return None
    cuts: list[int] = []
    i = n
    while i > 0:
        step = best[i]
        assert step is not None
        cuts.append(step[1])
        i = step[1]
    bounds = [*sorted(cuts), n]
    words: list[str] = []
    for a, b in itertools.pairwise(bounds):
        piece = run[a:b]
        if piece == "-" or (words and words[-1].endswith("-")):
            words[-1] += piece
        else:
            words.append(piece)
    return " ".join(words)


def fold(text: str | None) -> str:
    """Given a header or label, return its comparison key: cleaned, letter-spacing fixed, lowercased, no punctuation."""
    s = fix_letter_spacing(clean_text(text))
    s = unicodedata.normalize("NFKD", s.casefold())
    s = "".join(c if (c.isalnum() or c == "%") else " " for c in s if not unicodedata.combining(c))
    return " ".join(s.split())
