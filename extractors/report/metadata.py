"""Report metadata from the cover and the text: instansi, kabupaten, provinsi, tahun.

A report names itself on its cover and in its running header ("LAPORAN KINERJA
INSTANSI PEMERINTAH (LKjIP) DINAS X PROVINSI JAWA BARAT TAHUN 2016", "LKIP
Tahun 2016 Badan Kesbangpol Prov. Jawa Barat"), so those lines are read first
and the body only when they say nothing. A short form printed there is
expanded to the full name the running text prints ("Kesbangpol" -> "Kesatuan
Bangsa dan Politik"). A provincial office names its provinsi and no
kabupaten; kabupaten named in its body are where its programs ran.

The year is read by ``report_year``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass

from lkjip.extractors.model.document import Document, TableBlock, TextBlock
from lkjip.extractors.report.report_year import SIGNED_LINE, find_tahun
from lkjip.normalizers.places import Place, resolve_kabupaten, resolve_place, resolve_provinsi

COVER_BLOCKS = 30
_STOP = re.compile(
    r"^\s*(kata\s+pengantar|daftar\s+isi|ringkasan\s+eksekutif|ikhtisar|bab\s+i\b)", re.IGNORECASE
)

# --- the instansi -----------------------------------------------------------------------------

_HEAD = (
    r"(?:kantor\s+)?(?:kecamatan|kelurahan|dinas|badan|inspektorat|sekretariat|satuan\s+polisi|biro|"
    r"rumah\s+sakit|rsud|camat|kantor)\b"
)
_TITLE = (
    r"(?:laporan\s+(?:akuntabilitas\s+)?kinerja(?:\s+instansi\s+pemerintah)?|indikator\s+kinerja\s+utama|"
    r"perjanjian\s+kinerja|lkjip|lkip|lakip|lkj)"
)
_YEAR_WORDS = r"(?:(?:tahun(?:\s+anggaran)?|ta\.?)\s*(?:20[0-4]\d|19[89]\d)\s*)"
# how a line names the report's instansi: alone, after the title and year, or as "Nama Organisasi :"
_NAMED_AT_START = re.compile(
    r"^\s*(?:" + _TITLE + r"\s*(?:\([^)]{0,12}\))?\s*)?" + _YEAR_WORDS + r"?(" + _HEAD + r".*)$",
    re.IGNORECASE,
)
_NAMA_ORGANISASI = re.compile(r"\bnama\s+(?:unit\s+)?organisasi\s*:\s*(.+)$", re.IGNORECASE)
# "LKIP BP3IPTEK PROVINSI JAWA BARAT TAHUN 2016": a short form between the title and the region
_AFTER_TITLE = r"^\s*" + _TITLE + r"(?:\s+(?:instansi\s+pemerintah\s+)?(?:\(\w{2,6}\)|lkjip|lkip|lakip))?\s+"
_SHORT_AFTER_TITLE = re.compile(
    _AFTER_TITLE + _YEAR_WORDS + r"?((?!pemerintah\b)[A-Za-z][\w&-]*(?:\s+[A-Za-z][\w&-]*){0,3}\s+"
    r"(?:provinsi|propinsi|prov\.?|kabupaten|kab\.|kota)\s.*)$",
    re.IGNORECASE,
)
# a kabupaten's or kota's own report: "LKjIP Kab. Wonogiri Tahun 2021", "(LKjIP) Kabupaten Demak 2020"
_REGION_AFTER_TITLE = re.compile(
    _AFTER_TITLE + _YEAR_WORDS + r"?((?:pemerintah\s+)?(?:kabupaten|kab\.|kota)\s.*)$", re.IGNORECASE
)
# "BPKAD PROVINSI JAWA BARAT": a short form in capitals alone before its region
_SHORT_ALONE = re.compile(
    r"^\s*((?!PEMERINTAH\b|LAPORAN\b|TAHUN\b|KEPALA\b|WALI)[A-Z][A-Z0-9&]{2,11}(?:\s+[A-Z][A-Z0-9&]{2,11})?\s+"
    r"(?:PROVINSI|PROPINSI|PROV\.?|KABUPATEN|KAB\.|KOTA)\s.*)$"
)
# mid-line, only a capitalised head names an office ("... kinerja Badan Ketahanan Pangan Daerah ...")
_INSTANSI_IN_LINE = re.compile(
    r"(?<!\w)((?:Kantor\s+)?(?:Kecamatan|Kelurahan|Dinas|Badan|Inspektorat|Sekretariat|Satuan\s+Polisi|Biro|"
    r"Rumah\s+Sakit|RSUD|Camat|KECAMATAN|KELURAHAN|DINAS|BADAN|INSPEKTORAT|SEKRETARIAT|BIRO|CAMAT)\b[^\n]{0,80})"
)
# a line that goes on naming the instansi of the line above ("BADAN PEMBERDAYAAN MASYARAKAT" / "DAN
# PEMERINTAHAN DESA" / "PROVINSI JAWA BARAT"; "BADAN PERENCANAAN PEMBANGUNAN" / "DAERAH")
_CONTINUES = re.compile(
    r"^\s*(?:dan|serta|&|daerah|provinsi|propinsi|prov\.|kabupaten|kab\.|kota|sekretariat\s+daerah|setda)\b",
    re.IGNORECASE,
)
# a character no instansi name holds: what follows it is scan noise ("PERUMAHAN £ f")
_JUNK = re.compile(r"[^\w\s,.&()/'’-]")
# names of a status or of a national body, never the reporting perangkat daerah
_NOT_SELF = re.compile(
    r"^(?:badan\s+layanan\s+umum|badan\s+usaha|badan\s+pusat\s+statistik|badan\s+pemeriksa\s+keuangan|"
    r"badan\s+hukum)\b",
    re.IGNORECASE,
)
_REGION = re.compile(
    r"\b(?:provinsi|propinsi|prov\.?|kabupaten|kab\.|kota|pemerintah)(?=\s|$)", re.IGNORECASE
)
_KABUPATEN = re.compile(
    r"\b((?:pemerintah\s+)?(?:kabupaten|kab\.|kota)\s+[A-Za-z][A-Za-z .'-]{2,40})", re.IGNORECASE
)
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


def table_text(doc: Document, header_rows: int | None = None) -> str:
    """The cells of the document's tables, one row a line (only the first rows when `header_rows`)."""
    rows = [
        " | ".join(" ".join(c.split()) for c in row)
        for b in doc.blocks
        if isinstance(b, TableBlock)
        for row in b.texts()[:header_rows]
    ]
    return "\n".join(rows)


def extract_metadata(doc: Document) -> Metadata:
    """Given a document, return where it is from and which year it reports on."""
    cover = [unspace_letters(x) for x in cover_lines(doc)]
    body = doc.full_text()
    tables = table_text(doc)
    everything = f"{body}\n{tables}"
    instansi_text = self_name(cover) or _table_self_name(doc) or _most_named(body)
    if instansi_text:
        instansi_text = expand_short_form(instansi_text, everything)
    kab_cover = _first(_KABUPATEN, cover)
    prov_text = (
        _province(_first(_PROVINSI, cover))
        or _province_after(instansi_text, body)
        or (_most_named_province(everything) if _is_biro(instansi_text) else None)
    )
    provincial = bool(
        instansi_text
        and prov_text
        and not kab_cover
        and not _KABUPATEN.search(instansi_text)
        and not re.match(r"\s*(kantor\s+)?(kecamatan|kelurahan|camat)\b", instansi_text, re.IGNORECASE)
    )
    if instansi_text and provincial and not re.search(r"\bprop?(insi|\.|\s)", instansi_text, re.IGNORECASE):
        # a provincial office: its cover names the provinsi and no kabupaten (kabupaten named in the body
        # are where its programs ran, not where it sits)
        instansi_text = f"{_name_only(instansi_text)} Provinsi {prov_text}"
    kab_text = kab_cover or (None if provincial else _only_kabupaten(everything))
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
    years_from = cover + [ln for ln in body.split("\n")[:60] if SIGNED_LINE.match(ln)]
    return Metadata(place=place, tahun=find_tahun(years_from, f"{body}\n{table_text(doc, 3)}"), judul=judul)


def self_name(lines: list[str]) -> str | None:
    """Given the cover lines, return the instansi as the report names itself there, with the lines that
    go on naming it (its second line, its provinsi)."""
    rules = (_NAMA_ORGANISASI, _NAMED_AT_START, _SHORT_AFTER_TITLE, _SHORT_ALONE, _INSTANSI_IN_LINE)
    for rule in rules:
        for i, line in enumerate(lines):
            m = rule.search(line)
            if not m or _NOT_SELF.match(m.group(1).strip()):
                continue
            found = _clean(m.group(1))
            for nxt in lines[i + 1 : i + 3]:
                if not (_CONTINUES.match(nxt) and not _REGION.search(found)) and not _region_cut(found, nxt):
                    break
                found = f"{found} {_clean(nxt)}"
            if found:
                return found
    for line in lines:
        m = _REGION_AFTER_TITLE.search(line)
        if m:
            region = _clean(m.group(1))
            return region if region.lower().startswith("pemerintah") else f"Pemerintah {region}"
    return None


def _name_only(text: str) -> str:
    """An instansi as printed without the year and title words a line goes on with ("... Umum Tahun 2016")."""
    ends = r"\s+(?:tahun|ta\.?|th\.?)\s*(?:anggaran\s*)?\d{4}|\s+(?:lkjip|lkip|lakip)\b"
    return re.split(ends, text, maxsplit=1, flags=re.IGNORECASE)[0]


def _region_cut(name: str, nxt: str) -> bool:
    """Whether a wrapped cover line cut the name ("... KABUPATEN" / "FLORES TIMUR", "... PROVINSI SULAWESI" /
    "TENGAH", "... PENGEMBANGAN SUMBER" / "DAYA MANUSIA KOTA PAREPARE"): its region does not resolve, or it
    has none and the next line ends with one."""
    if re.search(r"\d|\bpemerintah\b|\btahun\b|\blaporan\b", nxt, re.IGNORECASE):
        return False
    kab = re.search(r"\b(?:kabupaten|kab\.|kota)(?=\s|$).*$", name, re.IGNORECASE)
    prov = re.search(r"\b(?:provinsi|propinsi|prov\.?)(?=\s|$)(.*)$", name, re.IGNORECASE)
    if kab is None and prov is None:
        return name.isupper() and nxt.isupper() and _REGION.search(nxt) is not None
    unresolved = (kab is not None and resolve_kabupaten(kab.group(0)) is None) or (
        prov is not None and _province(prov.group(1)) is None
    )
    return unresolved and len(nxt.split()) <= 3


def _clean(text: str) -> str:
    """A printed name without scan noise and what a line prints after it."""
    junk = _JUNK.search(text)
    return " ".join((text[: junk.start()] if junk else text).split())


def _table_self_name(doc: Document) -> str | None:
    """A report printed as one table (a quarterly realisation) names itself in a cell of the first page's
    table: the perangkat daerah's group row ("BADAN PENANGGULANGAN BENCANA DAERAH")."""
    for b in doc.blocks:
        if not isinstance(b, TableBlock) or (b.pages and b.pages[0] > 1):
            continue
        for row in b.texts()[:12]:
            for cell in row:
                name = " ".join(cell.split())
                short = len(name.split()) <= 8 and not re.search(r"\d", name)
                if short and re.match(_HEAD, name, re.IGNORECASE) and not _NOT_SELF.match(name):
                    return name
    return None


_NAME_IN_PROSE = re.compile(
    r"(?<!\w)((?:Biro|Dinas|Badan|Inspektorat|Sekretariat|Kecamatan|Kelurahan|Rumah\s+Sakit|RSUD)"
    r"(?:\s+(?:dan\s+|serta\s+)?(?!Provinsi\b|Prov\b|Kabupaten\b|Kota\b|Setda\b|Pada\b)[A-Z][A-Za-z]+){1,8})"
)


def _most_named(body: str) -> str | None:
    """The office the running text names most often: a report whose cover is a picture still names
    itself on every page ("... Biro Administrasi Pembangunan ...")."""
    text = " ".join(body.split())
    found = Counter(" ".join(m.group(1).split()) for m in _NAME_IN_PROSE.finditer(text))
    for name, _ in found.most_common():
        if not _NOT_SELF.match(name):
            return name
    return None


# --- short forms ------------------------------------------------------------------------------

_CONNECTOR = frozenset({"dan", "serta", "&", ","})
_FULL_HEAD = re.compile(r"(?<!\w)(?:Biro|Dinas|Badan|Inspektorat|Sekretariat|Kantor|Rumah\s+Sakit|Satuan)\b")
_FULL_NAME = re.compile(
    r"\w+(?:\s+Sakit)?(?:\s*,?\s+(?:dan\s+|serta\s+)?(?!Provinsi\b|Prov\b|Kabupaten\b|Kota\b)[A-Z][A-Za-z]+){1,12}"
)


def _spell(abbr: str, k: int, words: list[str], j: int, used: int) -> int | None:
    """Where `words[j:]` stop spelling `abbr[k:]`, each word giving a prefix ("kesbangpol" from
    Kesatuan Bangsa dan Politik); None when they do not."""
    if k == len(abbr):
        return j if used >= 2 else None
    if j >= len(words):
        return None
    w = words[j]
    if w in _CONNECTOR:
        return _spell(abbr, k, words, j + 1, used)
    for p in range(min(len(w), len(abbr) - k), 0, -1):
        if w[:p] == abbr[k : k + p]:
            end = _spell(abbr, k + p, words, j + 1, used + 1)
            if end is not None:
                return end
    return None


def _unroll(abbr: str) -> str:
    """ "bp3iptek" -> "bpppiptek": a digit repeats the letter before it."""
    return re.sub(r"([a-z])(\d)", lambda m: m.group(1) * int(m.group(2)), abbr)


def short_form_matches(short: list[str], full: list[str]) -> int | None:
    """Given the words of a short name and of a full one (folded), return how many full words the short
    one stands for, when at least one short word is an abbreviation; else None."""

    def go(i: int, j: int, abbreviated: bool) -> int | None:
        if i == len(short):
            return j if abbreviated else None
        if j < len(full) and full[j] == short[i]:
            r = go(i + 1, j + 1, abbreviated)
            if r is not None:
                return r
        end = _spell(_unroll(short[i]), 0, full, j, 0)
        return go(i + 1, end, True) if end is not None else None

    return go(0, 0, False)


def expand_short_form(name: str, text: str) -> str:
    """Given an instansi as printed ("Badan Kesbangpol Prov. Jawa Barat", "RSUD Al Ihsan ..."), return it
    with its short form replaced by the full name the running text prints, when it prints one."""
    region = _REGION.search(name)
    head, rest = (name[: region.start()], name[region.start() :]) if region else (name, "")
    short = [w.casefold() for w in re.findall(r"[\w&]+", head)]
    if not short or len(short) > 4:
        return name
    flat = " ".join(text.split())
    for h in _FULL_HEAD.finditer(flat):
        m = _FULL_NAME.match(flat, h.start())
        if m is None:
            continue
        words = re.findall(r"[\w&]+|,", m.group(0))
        n = short_form_matches(short, [w.casefold() for w in words])
        if n is not None:
            full = " ".join(words[:n]).replace(" ,", ",").rstrip(",")
            return f"{full} {rest}".strip()
    return name


# --- the area ---------------------------------------------------------------------------------


def _is_biro(instansi: str | None) -> bool:
    return bool(instansi and re.match(r"\s*biro\b", instansi, re.IGNORECASE))


def _first(rx: re.Pattern[str], lines: list[str]) -> str | None:
    for line in lines:
        m = rx.search(line)
        if m:
            return m.group(1).strip()
    return None


_SPACED = re.compile(r"\b(?:\w\w )?(?:\w ){2,}\w\b")


def unspace_letters(line: str) -> str:
    """Given a line, return it with letter-spaced runs joined ("T A H U N 2 0 1 6" -> "TAHUN2016"; "PR O V I
    N S I" -> "PROVINSI")."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), line)


def _province_after(instansi: str | None, body: str) -> str | None:
    """The provinsi the running text prints right after the instansi's name ("... Perumahan Provinsi Jawa
    Barat", "Biro ... Setda Provinsi Jawa Barat"), the evidence that a name printed alone on the cover is a
    provincial office's."""
    if not instansi or len(instansi.split()) < 2:
        return None
    name = r"\s+".join(re.escape(w) for w in instansi.split())
    setda = r"(?:\s+(?:setda|sekretariat\s+daerah))?"
    m = re.search(
        name + setda + r"\s+(?:provinsi|propinsi|prov\.?|prop\.)\s*([A-Za-z][A-Za-z ]{2,30})", body, re.I
    )
    return _province(m.group(1)) if m else None


def _most_named_province(text: str) -> str | None:
    """The provinsi the text names most often ("... keuangan daerah di Provinsi Jawa Barat")."""
    found = Counter(p for m in _PROVINSI.finditer(text) if (p := _province(m.group(1))))
    return found.most_common(1)[0][0] if found else None


def _only_kabupaten(text: str) -> str | None:
    """The kabupaten/kota the text names, when it names only one: a report of a kabupaten's office
    names its own; several named are where programs ran, and none of them is guessed."""
    found: set[str] = set()
    for m in _KABUPATEN.finditer(text):
        # one match may run over a list ("Kabupaten Bandung dan Kabupaten Garut, Kota Bekasi")
        for part in re.split(r"\s+(?:dan|serta|atau)\s+|[,;]|(?<=\w{4})\.", m.group(1), flags=re.IGNORECASE):
            r = resolve_kabupaten(part) if _KABUPATEN.match(part.strip()) else None
            if r:
                found.add(r[0])
    return found.pop() if len(found) == 1 else None


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
