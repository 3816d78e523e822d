"""Row codes of a scanned budget table, read again against the numbering they belong to.

A budget table numbers its rows in styles nested by level: programs ``I``,
``II``, ``III``; kegiatan ``A``, ``B`` under each program; sub kegiatan ``1``,
``2`` under each kegiatan (or arabic programs, or any other order: the order
is learnt from the table). OCR reads these lone glyphs worst of all: ``II``
comes out ``il``, ``I`` as ``l``, ``F`` as ``i=``, ``15`` as ``53``, and a
misread code breaks the hierarchy of every row below it.

Each code is therefore checked against what the numbering allows at its row:
the next number of each style (``III`` after ``II``; ``A`` again after a new
program). A reading that is one of them stands (glyph look-alikes folded:
``il`` is ``II``). A reading that is none of them is replaced only when
exactly one allowed code fits: the label's kind (an upper-case ``PROGRAM``
row is a top-level row), the style of the reading (``53`` is arabic) and the
next row's code (a row followed by ``1`` opens a new parent) must all agree.
Otherwise the code stays as read. Every change is returned with the text OCR
read and why, for the record (``kode_teks``) and an ``OCR_KOREKSI`` warning.

Only codes read by OCR go through this: a digital table prints what its
author typed, skipped numbers included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

STYLES = ("roman", "letter", "arabic")
_ROMAN_VALUES = (("X", 10), ("IX", 9), ("V", 5), ("IV", 4), ("I", 1))
_ROMAN = re.compile(r"^(X{0,3})(IX|IV|V?I{0,3})$")
_DOTTED = re.compile(r"^\d+(?:[.,:;]\d+){2,}$")  # Permendagri codes, OCR reading some dots as , : ;
# glyphs OCR gives for a vertical stroke: "I" in a roman code, "1" in an arabic one
_STROKE = "Iil|!1"
_TRIM = " .,:;'\"`‘’“”()"
CODED_SHARE = 0.8  # a table codes its rows when this share of them has a code: an empty code is a missed one


@dataclass(frozen=True, slots=True)
class Code:
    style: str  # "roman", "letter", "arabic"
    n: int

    @property
    def text(self) -> str:
        if self.style == "arabic":
            return str(self.n)
        if self.style == "letter":
            return chr(ord("A") + self.n - 1)
        out, n = "", self.n
        for glyph, value in _ROMAN_VALUES:
            while n >= value:
                out, n = out + glyph, n - value
        return out


@dataclass(frozen=True, slots=True)
class CodeFix:
    """A code changed from its OCR reading: the code to keep, the reading, and why."""

    text: str
    read: str
    why: str


def parse(token: str) -> Code | None:
    """Given a clean code token ("II", "B", "12"), return its style and number; None for anything else."""
    if re.fullmatch(r"\d{1,3}", token):
        return Code("arabic", int(token))
    if re.fullmatch(r"[A-Z]", token) and token not in "IVX":
        return Code("letter", ord(token) - ord("A") + 1)
    if token and _ROMAN.match(token):
        n = 0
        rest = token
        for glyph, value in _ROMAN_VALUES:
            while rest.startswith(glyph):
                n, rest = n + value, rest[len(glyph) :]
        return Code("roman", n)
    return None


def readings(raw: str | None) -> list[Code]:
    """Given a code cell as OCR read it, return what it may stand for: the exact reading first, then
    readings with look-alike glyphs folded ("il" -> II, "l" -> I or 1, "Cc" -> C, "O" -> 0)."""
    token = (raw or "").strip(_TRIM)
    if not token:
        return []
    out: list[Code] = []
    exact = parse(token)
    if exact is not None:
        out.append(exact)
        if token in ("I", "V", "X"):
            out.append(Code("letter", ord(token) - ord("A") + 1))  # the letter after H, U or W
    if len(token) <= 4 and all(c in _STROKE for c in token):
        out += [Code("roman", len(token))] if len(token) <= 3 else []
        if len(token) <= 3:
            out.append(Code("arabic", int("1" * len(token))))
    if re.fullmatch(r"[A-Za-z]", token) or re.fullmatch(r"([A-Za-z])\1", token, re.IGNORECASE):
        letter = parse(token[0].upper())
        if letter is not None:
            out.append(letter)
    digits = token.translate(str.maketrans("OoDQlI|!Ss", "0000111155"))
    if digits.isdigit() and len(digits) <= 3:
        out.append(Code("arabic", int(digits)))
    return list(dict.fromkeys(out))  # each reading once, first place kept


def _is_program_label(label: str) -> bool:
    letters = [c for c in label if c.isalpha()]
    return bool(letters) and (label.lstrip().lower().startswith("program") or all(c.isupper() for c in letters))


@dataclass
class _State:
    order: list[str]
    last: dict[str, int]
    # the number a style had reached before its parent changed: some tables number on (kegiatan
    # 1..6 under program I, 7..8 under program II) instead of starting again at 1
    carried: dict[str, int]

    def allowed(self, *, run_on: bool = True) -> list[Code]:
        """The codes the numbering allows next: the next of each style down to one below the deepest
        open level. Numbering on across a new parent counts where the table has done it before, or
        with ``run_on`` (a code read as such is taken at its word)."""
        out = []
        for depth, style in enumerate(self.order):
            if depth > 0 and self.last[self.order[depth - 1]] == 0:
                break  # no parent open at the level above
            out.append(Code(style, self.last[style] + 1))
            if self.last[style] == 0 and self.carried[style] and (run_on or style in self.runs_on):
                out.append(Code(style, self.carried[style] + 1))
        return out

    runs_on: frozenset[str] = frozenset()  # styles seen numbering on across a new parent

    def take(self, code: Code) -> _State:
        last, carried = dict(self.last), dict(self.carried)
        runs_on = self.runs_on
        if last[code.style] == 0 and carried[code.style] and code.n == carried[code.style] + 1 and code.n > 1:
            runs_on = runs_on | {code.style}
        last[code.style] = code.n
        if code.style in self.order:
            for style in self.order[self.order.index(code.style) + 1 :]:
                carried[style] = last[style] or carried[style]
                last[style] = 0
        return _State(self.order, last, carried, runs_on)


def _style_order(reads: Sequence[list[Code]], labels: Sequence[str]) -> list[str]:
    """Styles by depth, in order of first exact appearance; the style of program-labelled rows first."""
    order: list[str] = []
    for options in reads:
        if options and options[0].style not in order:
            order.append(options[0].style)
    top = [opts[0].style for opts, label in zip(reads, labels, strict=True) if opts and _is_program_label(label)]
    if top:
        leader = max(set(top), key=top.count)
        order.remove(leader)
        order.insert(0, leader)
    return order


def _fits_next(state: _State, rest: Sequence[list[Code]], *, run_on: bool = False) -> bool:
    """Does the next row with a reading fit the numbering after ``state``? (True when there is none.)"""
    for options in rest:
        if options:
            allowed = state.allowed(run_on=run_on)
            return any(o in allowed for o in options)
    return True


def repair_codes(raws: Sequence[str | None], labels: Sequence[str]) -> list[CodeFix | None]:
    """Given the code cells (as read) and labels of a scanned budget table's rows (totals left out),
    return a fix per row: None where the code stands as read (or nothing better is sure)."""
    fixes: list[CodeFix | None] = [None] * len(raws)
    tokens = [(r or "").strip() for r in raws]
    dotted = sum(1 for t in tokens if _DOTTED.match(t.strip(_TRIM)))
    if dotted:
        for i, t in enumerate(tokens):
            core = t.strip(_TRIM)
            dots = re.sub(r"[,:;]", ".", core)
            if _DOTTED.match(core) and dots != t.strip().rstrip("."):
                fixes[i] = CodeFix(dots, t, "kode bertitik: tanda baca lain dibaca sebagai titik")
        return fixes
    reads = [readings(t) for t in tokens]
    coded = sum(1 for t in tokens if t) >= CODED_SHARE * len(tokens) if tokens else False
    order = _style_order(reads, labels)
    if not order:
        return fixes
    mixed_case = len({_is_program_label(lb) for lb in labels if lb.strip()}) > 1
    state = _State(order, dict.fromkeys(STYLES, 0), dict.fromkeys(STYLES, 0))
    for i, options in enumerate(reads):
        if not tokens[i] and not coded:
            continue
        allowed = state.allowed()
        hit = next((o for o in options if o in allowed and _label_agrees(o, labels[i], mixed_case, order)), None)
        read = tokens[i].strip(_TRIM)
        if hit is not None:
            if tokens[i] not in (hit.text, hit.text + "."):
                fixes[i] = CodeFix(hit.text, tokens[i], f"huruf mirip: {tokens[i]!r} dibaca {hit.text}")
            state = state.take(hit)
            continue
        exact = options[0] if options and parse(read) == options[0] else None
        if exact is not None and _stands_as_printed(exact, order, state, reads[i + 1 :]):
            state = state.take(exact)
            continue
        choice = _choose(state.allowed(run_on=False), options, labels[i], mixed_case, order, state, reads[i + 1 :])
        if choice is None:
            if exact is not None and exact.style in order:
                state = state.take(exact)
            continue
        before = _previous_text(state, choice)
        fixes[i] = CodeFix(choice.text, tokens[i], f"urutan kode: {before} lalu {choice.text}")
        state = state.take(choice)
    return fixes


MAX_SKIP = 2  # numbers a table may skip before a code that far ahead counts as misread


def _stands_as_printed(exact: Code, order: list[str], state: _State, rest: Sequence[list[Code]]) -> bool:
    """A valid code the numbering did not expect (a skipped or repeated number) stands as printed
    when the next row's code follows from it and not from the expected one; when the next row
    cannot tell (it opens a new parent, or there is none), when it is at most a short skip ahead."""
    if exact.style not in order:
        return False
    expected = [a for a in state.allowed(run_on=False) if a.style == exact.style]
    short = not expected or exact.n - min(a.n for a in expected) <= MAX_SKIP
    if not any(rest):
        return short
    if not _fits_next(state.take(exact), rest):
        return False
    return short or not any(_fits_next(state.take(a), rest) for a in expected)


def _label_agrees(code: Code, label: str, mixed_case: bool, order: list[str]) -> bool:
    """In a table whose program rows are told apart by their label (upper case, "Program …"), a code
    of the top style goes with a program label and no other."""
    return not mixed_case or (code.style == order[0]) == _is_program_label(label)


def _choose(
    allowed: list[Code],
    options: list[Code],
    label: str,
    mixed_case: bool,
    order: list[str],
    state: _State,
    rest: Sequence[list[Code]],
) -> Code | None:
    pool = [c for c in allowed if _label_agrees(c, label, mixed_case, order)]
    styles = {o.style for o in options}
    if styles and any(c.style in styles for c in pool):
        pool = [c for c in pool if c.style in styles]
    # the next row as the table has numbered so far; failing that, with a first run-on numbering allowed
    pool = [c for c in pool if _fits_next(state.take(c), rest)] or [
        c for c in pool if _fits_next(state.take(c), rest, run_on=True)
    ]
    if len(pool) == 2 and pool[0].style == pool[1].style:
        pool = [max(pool, key=lambda c: c.n)]  # the table numbers on across parents: 1 is not it
    return pool[0] if len(pool) == 1 else None


def _previous_text(state: _State, code: Code) -> str:
    n = state.last[code.style]
    return Code(code.style, n).text if n else "awal"
