"""The narrative names another instansi of the same kind as the author: a paragraph copied
from another report ("Kecamatan Jambi Selatan Kota Jambi selaku pengemban amanah ...").

Neighbours named in a geography sentence ("berbatasan dengan Kecamatan Bram Itam")
never count; a mention counts when its sentence speaks of authorship or the mention's
kabupaten/kota is not the report's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lkjip.checks._common import warning
from lkjip.checks._text import text_to_sentences
from lkjip.checks.base import CheckContext, register
from lkjip.normalizers.places import find_place_mentions
from lkjip.records import Warning

_AUTHORSHIP = re.compile(
    r"\bselaku\b|laporan\s+kinerja|\blkjip\b|\blakip\b|\bmelaksanakan\b|\bpengemban\b|\bmenyusun\b|\bdisusun\b|"
    r"akuntabilitas",
    re.IGNORECASE,
)
_GEOGRAPHY = re.compile(
    r"berbatas|\bbatas\b|\bsebelah\b|\bjarak\b|pemekaran|\bberdekatan\b|\btetangga\b", re.IGNORECASE
)


def _key(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


@register("instansi_lain", ("INSTANSI_LAIN",))
def check_instansi_lain(ctx: CheckContext) -> Iterator[Warning]:
    """No sentence names another instansi of the author's kind as the one reporting."""
    meta = ctx.report.report
    if not meta.instansi or not meta.jenis_instansi:
        return
    reported: set[str] = set()
    for s in text_to_sentences(ctx.text):
        if _GEOGRAPHY.search(s):
            continue
        for place in find_place_mentions(s):
            name = place.instansi
            if not name or place.jenis_instansi != meta.jenis_instansi or _key(name) == _key(meta.instansi):
                continue
            other_kab = bool(
                meta.kabupaten and place.kabupaten and _key(place.kabupaten) != _key(meta.kabupaten)
            )
            if _key(name) in reported or not (_AUTHORSHIP.search(s) or other_kab):
                continue
            reported.add(_key(name))
            where = f"{name} {place.kabupaten}" if place.kabupaten else name
            quote = s if len(s) <= 200 else s[:199] + "…"
            yield warning(
                "INSTANSI_LAIN",
                "warning",
                f'Teks menyebut {where} sebagai instansi pelapor ("{quote}"), padahal laporan ini milik '
                f"{meta.instansi}; kemungkinan paragraf disalin dari laporan lain.",
                expected=meta.instansi,
                found=name,
            )
