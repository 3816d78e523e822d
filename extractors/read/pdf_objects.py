"""A structural check of a PDF's objects before any reader resolves them: references that go round.

pdfminer (under pdfplumber) resolves an indirect reference with ``while it is a
reference: look it up``; an object that refers to itself (``6 0 obj 6 0 R``),
two that refer to each other, or a stream whose ``/Length`` is the stream's own
object send it into a loop that never ends, on every page it touches. pypdfium2
copes, but one such object is enough to hold a worker until the file's time
limit. This check reads the raw objects (top level and inside deflated object
streams) with regular expressions, resolves nothing, and names the objects that
would loop, in milliseconds, so the file becomes a ``CYCLIC_OBJECT`` record.

It flags only references that go round: a chain of bare references back to its
start, and a stream ``/Length`` or a page box (``/MediaBox`` ..., or a number
in it) whose reference goes round or comes back to the object that holds it.
A reference to an object of the wrong kind (a dictionary for a length) is no
loop: readers fall back to a default, and so does this check.
"""

from __future__ import annotations

import mmap
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

_OBJ = re.compile(rb"(?<![0-9])(\d{1,10})\s+\d{1,5}\s+obj\b")
_BODY_END = re.compile(rb"\bstream\r?\n|\bstream\b|\bendobj\b")
_BARE_REF = re.compile(rb"\s*(\d{1,10})\s+\d{1,5}\s+R\s*$")
_LENGTH_REF = re.compile(rb"/Length\s+(\d{1,10})\s+\d{1,5}\s+R\b")
_LENGTH_INT = re.compile(rb"/Length\s+(\d{1,12})(?!\s+\d+\s+R)\b")
_BOX = re.compile(rb"/(MediaBox|CropBox|BleedBox|TrimBox|ArtBox)\s*(\[[^\]]*\]|\d{1,10}\s+\d{1,5}\s+R\b)")
_REF = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R\b")
_OBJSTM = re.compile(rb"/Type\s*/ObjStm\b")
_FLATE_ONLY = re.compile(rb"/Filter\s*(/FlateDecode|\[\s*/FlateDecode\s*\])")
_DECODE_PARMS = re.compile(rb"/DecodeParms\b")
_INT_KEY = {key: re.compile(rb"/" + key + rb"\s+(\d{1,10})\b") for key in (b"N", b"First")}
MAX_OBJSTM_BYTES = 16 << 20  # an object stream inflating past this is not searched (bombs)


@dataclass(frozen=True)
class Loop:
    """One object no reader can resolve: its number, and what goes round (in words, Bahasa Indonesia)."""

    obj: int
    what: str


def reference_loops(data: bytes | mmap.mmap) -> list[Loop]:
    """Given a PDF's bytes, return the objects whose references go round (empty for a sound file)."""
    bodies = dict(_objects(data))
    referenced = {int(m.group(1)) for body in bodies.values() for m in _REF.finditer(body)}
    loops: list[Loop] = []
    for num, body in bodies.items():
        if num in referenced and _BARE_REF.match(body) and _follow(bodies, num) is None:
            loops.append(Loop(num, "rantai rujukan yang kembali ke awalnya"))
            continue
        length = _LENGTH_REF.search(body)
        if length is not None and _goes_round(bodies, int(length.group(1)), own=num):
            loops.append(Loop(num, f"/Length alirannya merujuk objek {int(length.group(1))}, yang kembali ke dirinya"))
        for box in _BOX.finditer(body):
            name, value = box.group(1).decode(), box.group(2)
            refs = [int(r.group(1)) for r in _REF.finditer(value)] if value.startswith(b"[") else [int(value.split()[0])]
            round_ = [ref for ref in refs if _goes_round(bodies, ref, own=num)]
            if round_:
                loops.append(Loop(num, f"/{name} merujuk objek {round_[0]}, yang kembali ke dirinya"))
    return loops


def _goes_round(bodies: dict[int, bytes], num: int, own: int) -> bool:
    """True when the reference to ``num``, followed through bare references, goes round or comes back
    to ``own``, the object that holds it (a reader resolving it would never stop, or recurse)."""
    end = _follow(bodies, num)
    return end is None or end == own


def _follow(bodies: dict[int, bytes], num: int) -> int | None:
    """Follow bare references from ``num``: the object they end at, or None when they go round."""
    seen: set[int] = set()
    while num in bodies:
        if num in seen:
            return None
        seen.add(num)
        ref = _BARE_REF.match(bodies[num])
        if ref is None:
            return num
        num = int(ref.group(1))
    return num  # a reference to a missing object resolves to null: no loop


def _objects(data: bytes | mmap.mmap) -> Iterator[tuple[int, bytes]]:
    """(number, body) of each object: at top level (a later one of a number replaces an earlier one,
    as an incremental update does), then the objects held in deflated object streams."""
    pos = 0
    streams: list[tuple[bytes, bytes]] = []
    while True:
        head = _OBJ.search(data, pos)
        if head is None:
            break
        end = _BODY_END.search(data, head.end())
        if end is None:
            yield int(head.group(1)), data[head.end() :]
            break
        body = data[head.end() : end.start()]
        yield int(head.group(1)), body
        pos = end.end()
        if end.group(0).startswith(b"stream"):
            start = pos
            length = _LENGTH_INT.search(body)
            stop = start + int(length.group(1)) if length is not None else -1
            if stop < 0 or data[stop : stop + 20].lstrip()[:9] != b"endstream":
                stop = data.find(b"endstream", start)
            if stop < 0:
                break
            if _OBJSTM.search(body) and _FLATE_ONLY.search(body) and not _DECODE_PARMS.search(body):
                streams.append((body, data[start:stop]))
            pos = stop + len(b"endstream")
    for head_text, raw in streams:
        yield from _object_stream(head_text, raw)


def _object_stream(head: bytes, raw: bytes) -> Iterator[tuple[int, bytes]]:
    """The objects of one deflated object stream (``/N`` pairs of number and offset, then bodies from ``/First``)."""
    n, first = (_INT_KEY[k].search(head) for k in (b"N", b"First"))
    if n is None or first is None:
        return
    try:
        inflate = zlib.decompressobj()
        data = inflate.decompress(raw.strip(b"\r\n"), MAX_OBJSTM_BYTES)
    except zlib.error:
        return
    at = int(first.group(1))
    numbers = [int(x) for x in data[:at].split()[: 2 * int(n.group(1))]]
    pairs = list(zip(numbers[::2], numbers[1::2], strict=False))
    for k, (num, offset) in enumerate(pairs):
        stop = at + pairs[k + 1][1] if k + 1 < len(pairs) else len(data)
        yield num, data[at + offset : stop]
