"""Report metadata from the cover and the text: instansi, kabupaten, provinsi, tahun.

The cover names the performance year ("LKjIP … TAHUN 2022"); the
publication year ("Pematang Lumut, Januari 2023", a running header
"… TAHUN 2023") must not win, so the cover is read first and the body only
when the cover says nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from extractors.document import Document, TextBlock
from normalizers.places import Place, resolve_place

COVER_BLOCKS = 30
_STOP = re.compile(r"^\s*(kata\s+pengantar|daftar\s+isi|ringkasan\s+eksekutif|ikhtisar|bab\s+i\b)", re.IGNORECASE)
_YEAR_ON_COVER = re.compile(r"\b(?:tahun(?:\s+anggaran)?|ta\.?|lkjip|lakip|lkj)\s*[:.]?\s*(20[0-4]\d|19[89]\d)\b", re.IGNORECASE)
_YEAR_ALONE = re.compile(r"^\s*(20[0-4]\d)\s*$")
_YEAR_IN_BODY = re.compile(
    r"\b(?:kinerja|lkjip|lakip|laporan)\b[^.\n]{0,80}?\btahun(?:\s+anggaran)?\s+(20[0-4]\d)\b", re.IGNORECASE
)
_INSTANSI = re.compile(
    r"\b((?:kantor\s+)?(?:kecamatan|kelurahan|dinas|badan|inspektorat(?:\s+daerah)?|sekretariat|satuan\s+polisi|"
    r"kantor|rsud|camat)\b[^\n]{0,80})",
    re.IGNORECASE,
)
_KABUPATEN = re.compile(r"\b((?:pemerintah\s+)?(?:kabupaten|kab\.|kota)\s+[A-Za-z][A-Za-z .'-]{2,40})", re.IGNORECASE)
_PROVINSI = re.compile(r"\bprovinsi\s+([A-Za-z][A-Za-z .'-]{2,40})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Metadata:
    place: Place
    tahun: int | None
    judul: str | None


def cover_lines(doc: Document) -> list[str]:
    """The text lines before the first front-matter heading (Kata Pengantar, Daftar Isi, Bab I)."""
    lines: list[str] = []
    for b in doc.blocks[: COVER_BLOCKS * 3]:
        if not isinstance(b, TextBlock):
            continue
        if _STOP.match(b.text) and lines:
            break
        if b.page is not None and b.page > 2:
            break
        lines.extend(x for x in b.text.split("\n") if x.strip())
        if len(lines) >= COVER_BLOCKS:
            break
    return lines


def find_tahun(cover: list[str], body: str) -> int | None:
    """The performance year: from the cover, else the most frequent "laporan … tahun N" in the body."""
    text = "\n".join(cover)
    m = _YEAR_ON_COVER.search(text)
    if m:
        return int(m.group(1))
    for line in cover:
        m2 = _YEAR_ALONE.match(line)
        if m2:
            return int(m2.group(1))
    years = Counter(int(y) for y in _YEAR_IN_BODY.findall(body))
    return years.most_common(1)[0][0] if years else None


def extract_metadata(doc: Document) -> Metadata:
    """Given a document, return where it is from and which year it reports on."""
    cover = cover_lines(doc)
    body = doc.full_text()
    instansi_text = _first(_INSTANSI, cover) or _first(_INSTANSI, body.split("\n")[:200])
    kab_text = _first(_KABUPATEN, cover) or _most_common(_KABUPATEN, body)
    prov_text = _first(_PROVINSI, cover)
    place = resolve_place(instansi_text, kab_text, prov_text)
    # "Inspektorat Daerah" or "Dinas Pendidikan" exist in every kabupaten: name which one
    if (
        place.instansi
        and place.kabupaten
        and place.jenis_instansi not in ("kecamatan", "kelurahan", "kabupaten", "kota")
        and place.kabupaten.lower() not in place.instansi.lower()
    ):
        place = dataclasses.replace(place, instansi=f"{place.instansi} {place.kabupaten}")
    judul = " ".join(cover[:3]).strip() or None
    return Metadata(place=place, tahun=find_tahun(cover, body), judul=judul)


def _first(rx: re.Pattern[str], lines: list[str]) -> str | None:
    for line in lines:
        m = rx.search(line)
        if m:
            return m.group(1).strip()
    return None


def _most_common(rx: re.Pattern[str], text: str) -> str | None:
    found = Counter(" ".join(m.group(1).split()).lower() for m in rx.finditer(text))
    return found.most_common(1)[0][0] if found else None
