"""Budget codes of scanned tables checked against their numbering (``extractors.families.code_sequence``).

The sequences are the code columns OCR read from the scanned fixtures (Betara,
Sampang, Sukodono) and the real Betara report, which prints program "II" twice.
"""

from __future__ import annotations

import pytest

from lkjip.extractors.families.code_sequence import Code, parse, readings, repair_codes

PROGRAM, KEG, SUB = "PROGRAM PENUNJANG URUSAN", "Administrasi Keuangan", "Penyediaan Gaji"


def _fixed(raws: list[str], labels: list[str]) -> list[str | None]:
    return [f.text if f else None for f in repair_codes(raws, labels)]


@pytest.mark.parametrize(
    ("token", "code"),
    [("I", Code("roman", 1)), ("III", Code("roman", 3)), ("IV", Code("roman", 4)), ("XII", Code("roman", 12)),
     ("B", Code("letter", 2)), ("12", Code("arabic", 12)), ("IIII", None), ("il", None), ("7.01", None)],
)  # fmt: skip
def test_parse(token: str, code: Code | None) -> None:
    assert parse(token) == code
    if code is not None:
        assert code.text == token


@pytest.mark.parametrize(
    ("read", "includes"),
    [("il.", "II"), ("l", "I"), ("l", "1"), ("Cc", "C"), ("2:", "2"), ("O", "0"), ("I", "I")],
)
def test_readings_fold_look_alike_glyphs(read: str, includes: str) -> None:
    assert includes in [c.text for c in readings(read)]


def test_nothing_to_read_in_garbage() -> None:
    assert readings("i=") == [] and readings("") == [] and readings(None) == []


def test_misread_roman_and_letter_codes_follow_the_numbering() -> None:
    raws = ["l.", "A", "1", "2", "B", "1", "il.", "A", "1", "i=", "1", "Ml", "A"]
    labels = [PROGRAM, KEG, SUB, SUB, KEG, SUB, PROGRAM, KEG, SUB, KEG, SUB, PROGRAM, KEG]
    assert _fixed(raws, labels) == ["I", None, None, None, None, None, "II", None, None, "B", None, "III", None]


def test_reasons_say_look_alike_or_sequence() -> None:
    fixes = repair_codes(["I", "A", "il", "A", "i="], [PROGRAM, KEG, PROGRAM, KEG, KEG])
    assert fixes[2] is not None and fixes[2].why.startswith("huruf mirip") and fixes[2].read == "il"
    assert fixes[4] is not None and fixes[4].text == "B" and fixes[4].why == "urutan kode: A lalu B"


def test_next_row_decides_a_misread_first_number() -> None:
    """Sukodono: arabic programs, the first "1" read as "2"; the next row's "2" says it was 1."""
    assert _fixed(["2", "2", "3", "4"], [PROGRAM] * 4) == ["1", None, None, None]


def test_numbering_that_runs_on_across_parents() -> None:
    """Sampang numbers kegiatan 1..15 across programs; the last, "15", was read "53"."""
    raws = ["I", "1", "2", "II", "3", "4", "III", "5", "IV", "14", "53"]
    labels = [PROGRAM, KEG, KEG, PROGRAM, KEG, KEG, PROGRAM, KEG, PROGRAM, KEG, KEG]
    assert _fixed(raws, labels) == [None] * 10 + ["15"]


def test_printed_duplicate_and_skipped_numbers_stand() -> None:
    """Betara prints program "II" twice; another table skips from 1 to 3: both are as printed."""
    raws = ["I", "A", "1", "II", "A", "1", "II", "A"]
    assert _fixed(raws, [PROGRAM, KEG, SUB, PROGRAM, KEG, SUB, PROGRAM, KEG]) == [None] * 8
    assert _fixed(["1", "3", "4"], [PROGRAM] * 3) == [None, None, None]


def test_ambiguous_garbage_stays_as_read() -> None:
    """After a sub kegiatan, an unreadable code may be the next kegiatan or the next sub kegiatan,
    and no next row tells: nothing is guessed."""
    assert _fixed(["I", "A", "1", "?"], [PROGRAM, KEG, SUB, "Penyediaan Jasa"]) == [None, None, None, None]


def test_dotted_codes_get_their_dots_back() -> None:
    raws = ["7.01.03.2.01,0001", "7.01.03.2.01.0002", "7.01:06", "7.01.01.2.06.0005,", "7.01.01.2.06.0006."]
    fixes = repair_codes(raws, [SUB, SUB, PROGRAM, SUB, SUB])
    assert [f.text if f else None for f in fixes] == ["7.01.03.2.01.0001", None, "7.01.06", "7.01.01.2.06.0005", None]


def test_far_jump_the_next_row_cannot_confirm_is_a_misreading() -> None:
    """Kramatwatu 2023, a harder scan: sub kegiatan "2" read "23" before a new program, "1" read
    "4:" under a new kegiatan; a number run on across parents only once the table has done so."""
    raws = ["I", "A", "1", "23", "II", "A", "1", "B", "4:", "III"]
    labels = ["Program a", KEG, SUB, SUB, "Program b", KEG, SUB, KEG, SUB, "Program c"]
    assert _fixed(raws, labels) == [None, None, None, "2", None, None, None, None, "1", None]
    running = ["I", "1", "2", "II", "3", "?", "III"]
    assert _fixed(running, [PROGRAM, KEG, KEG, PROGRAM, KEG, KEG, PROGRAM]) == [None] * 5 + ["4", None]


def test_a_program_code_read_as_a_kegiatan_number() -> None:
    """Sampang at 150 dpi: program "II" read "1", which the numbering would allow as a kegiatan
    starting again at 1, but the label is a program's; the kegiatan run on from 6 to 7."""
    raws = ["I", "1", "2", "3", "4", "5", "6", "1", "7", "8", "III", "9"]
    labels = [PROGRAM] + [KEG] * 6 + ["PROGRAM PENINGKATAN SARANA", KEG, KEG, "PROGRAM PENINGKATAN SISTEM", KEG]
    assert _fixed(raws, labels) == [None] * 7 + ["II"] + [None] * 4
