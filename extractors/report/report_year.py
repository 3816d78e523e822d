"""The year a report reports on, from its cover and its text.

The year is the one printed with the report's title ("TAHUN 2016", "(IKU) 2016", "TA 2016"), never a
regulation's year ("Inpres Nomor 7 Tahun 1999", "Lembaran Negara ... Tahun 2014 Nomor 80"), a Renstra
period ("Tahun 2013 - 2018") or the publication date of a report ("Bandung, Januari 2017"). An IKU or PK
is in force from its signing, so there (no "laporan" on its cover) the signing date is the last resort.
"""

from __future__ import annotations

import re
from collections import Counter

_YEAR = r"(20[0-4]\d|19[89]\d)"
# a page number glued to the year in a running footer ("Tahun 201637" on page 37) still gives the year
_YEAR_ON_COVER = re.compile(
    r"\b(?:tahun(?:\s+anggaran)?|ta\.?|lkjip|lakip|lkip|lkj|iku|pk)\s*\)?\s*[:.]?\s*" + _YEAR + r"\d{0,3}\b",
    re.IGNORECASE,
)
_YEAR_ALONE = re.compile(r"^\s*(20[0-4]\d)\s*$")
# a running header naming the report and its year without "Tahun" ("LAPORAN KINERJA SEKRETARIAT DAERAH
# PROVINSI SUMATERA UTARA 2021 41"); a publication year may be printed so too, so it comes last
_YEAR_ON_TITLE_LINE = re.compile(
    r"^\s*(?:laporan\s+(?:akuntabilitas\s+)?kinerja|lkjip|lkip|lakip|lkj)\b[^\n]*?\b(20[0-4]\d)\b", re.I | re.M
)
_YEAR_IN_BODY = re.compile(
    r"\b(?:kinerja|lkjip|lakip|laporan)\b[^.\n|]{0,80}?\btahun(?:\s+anggaran)?\s+(20[0-4]\d)\b", re.IGNORECASE
)
# years that are not the report's: a period ("2013 - 2018", "2013-2018") and a regulation's year
# ("Nomor 7 Tahun 1999", "No.53 Tahun 2014", "UU No. 28 Tahun 1999")
_PERIOD = re.compile(
    r"\b(?:19|20)\d\d\s*(?:-|–|—|s\.?\s*d\.?|sampai(?:\s+dengan)?)\s*(?:19|20)\d\d\b", re.IGNORECASE
)
_REGULATION = re.compile(
    r"\b(?:nomor|no\.?)\s*:?\s*[\w./-]*\d[\w./-]*\s+tahun\s+(?:19|20)\d\d\b|"  # "Nomor 7 Tahun 1999"
    r"\btahun\s+(?:19|20)\d\d\s+nomor\b",  # "(Lembaran Negara ... Tahun 2014 Nomor 80)"
    re.IGNORECASE,
)
_BULAN = (
    "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|nopember|november|desember"
)
# the signing line of a letter or an IKU/PK: "Bandung, 6 Januari 2016", "Bandung, September 2016"
SIGNED_LINE = re.compile(
    r"^\s*[A-Z][A-Za-z .'-]{2,30},\s*(?:\d{1,2}\s+)?(?:" + _BULAN + r")\s+(20[0-4]\d)\b", re.I | re.M
)
_LAPORAN = re.compile(r"\b(?:laporan|lkjip|lkip|lakip|lkj)\b", re.IGNORECASE)


def _without_other_years(text: str) -> str:
    return _REGULATION.sub(" ", _PERIOD.sub(" ", text))


def find_tahun(cover: list[str], body: str) -> int | None:
    """The performance year: the one printed with the title on the cover, else the body's "laporan …
    tahun N", else (an IKU or PK, not a laporan) the year it was signed."""
    text = _without_other_years("\n".join(cover))
    m = _YEAR_ON_COVER.search(text)
    if m:
        return int(m.group(1))
    for line in text.split("\n"):
        m2 = _YEAR_ALONE.match(line)
        if m2:
            return int(m2.group(1))
    clean = _without_other_years(body)
    years = Counter(int(y) for y in _YEAR_IN_BODY.findall(clean))
    if years:
        return years.most_common(1)[0][0]
    titled = _YEAR_ON_TITLE_LINE.search(text)
    if titled:
        return int(titled.group(1))
    if not _LAPORAN.search(text):
        signed = SIGNED_LINE.search(text) or SIGNED_LINE.search(clean)
        if signed:
            return int(signed.group(1))
    return None
