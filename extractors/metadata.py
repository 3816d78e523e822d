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

from lkjip.extractors.document import Document, TextBlock
from lkjip.normalizers.places import Place, resolve_place, resolve_provinsi

COVER_BLOCKS = 30
_STOP = re.compile(r"^\s*(kata\s+pengantar|daftar\s+isi|ringkasan\s+eksekutif|ikhtisar|bab\s+i\b)", re.IGNORECASE)
# a page number glued to the year in a running footer ("Tahun 201637" on page 37) still gives the year
_YEAR_ON_COVER = re.compile(
    r"\b(?:tahun(?:\s+anggaran)?|ta\.?|lkjip|lakip|lkj)\s*[:.]?\s*(20[0-4]\d|19[89]\d)\d{0,3}\b", re.IGNORECASE
)
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
    cover = [unspace_letters(x) for x in cover]
    head_lines = [unspace_letters(x) for x in body.split("\n")[:200]]
    instansi_text = _first_with_next(_INSTANSI, cover) or _first_with_next(_INSTANSI, head_lines)
    kab_cover = _first(_KABUPATEN, cover)
    prov_text = _province(_first(_PROVINSI, cover)) or _province_after(instansi_text, body)
    if (
        instansi_text
        and prov_text
        and not kab_cover
        and not _KABUPATEN.search(instansi_text)
        and not re.search(r"\bprop?(insi|\.|\s)", instansi_text, re.IGNORECASE)
        and not re.match(r"\s*(kantor\s+)?(kecamatan|kelurahan|camat)\b", instansi_text, re.IGNORECASE)
    ):
        # a provincial office: its cover names the provinsi and no kabupaten (kabupaten named in the body
        # are where its programs ran, not where it sits)
        instansi_text = f"{instansi_text} Provinsi {prov_text}"
    kab_text = kab_cover or _most_common(_KABUPATEN, body)
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


def _first_with_next(rx: re.Pattern[str], lines: list[str]) -> str | None:
    """The first match, with the next line when it goes on naming the provinsi ("Dinas X" / "Provinsi Y")."""
    for i, line in enumerate(lines):
        m = rx.search(line)
        if m:
            found = m.group(1).strip()
            if i + 1 < len(lines) and re.match(r"\s*prop?insi\b", lines[i + 1], re.IGNORECASE):
                found = f"{found} {lines[i + 1].strip()}"
            return found
    return None


_SPACED = re.compile(r"\b(?:\w ){2,}\w\b")


def unspace_letters(line: str) -> str:
    """Given a line, return it with letter-spaced runs joined ("T A H U N 2 0 1 6" -> "TAHUN2016")."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), line)


def _province_after(instansi: str | None, body: str) -> str | None:
    """The provinsi the running text prints right after the instansi's name ("... Perumahan Provinsi Jawa
    Barat"), the evidence that a name printed alone on the cover is a provincial office's."""
    if not instansi or len(instansi.split()) < 2:
        return None
    name = r"\s+".join(re.escape(w) for w in instansi.split())
    m = re.search(name + r"\s+prop?(?:insi|\.)?\s+([A-Za-z][A-Za-z ]{2,30})", body, re.IGNORECASE)
    return _province(m.group(1)) if m else None


def _province(text: str | None) -> str | None:
    """The provinsi a matched "Provinsi ..." names, without what follows it on the line."""
    if not text:
        return None
    tokens = text.split()
    for n in (4, 3, 2, 1):
        found = resolve_provinsi(" ".join(tokens[:n])) if len(tokens) >= n else None
        if found:
            return found[0]
    return None


def _most_common(rx: re.Pattern[str], text: str) -> str | None:
    found = Counter(" ".join(m.group(1).split()).lower() for m in rx.finditer(text))
    return found.most_common(1)[0][0] if found else None
