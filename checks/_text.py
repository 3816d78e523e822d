"""Narrative text as sentences, for the checks that read what the report states in prose."""

from __future__ import annotations

import re

# A sentence ends at . ! ? ; : followed by a capital, a quote or an opening parenthesis.
_SPLIT = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z(\"'“])")
_ABBREV_END = re.compile(
    r"(?:^|\s)(?:Kec|Kab|Kel|Rp|No|Nomor|Jl|Prov|Ds|Kp|dll|dsb|Bpk|Sdr|Dr|Ir|Drs|H|Hj|St)\.$", re.I
)


def text_to_sentences(text: str) -> list[str]:
    """Given narrative text (line-wrapped), return its sentences on one line each."""
    if not isinstance(text, str):
        return []
    flat = " ".join(text.split())
    out: list[str] = []
    for part in _SPLIT.split(flat):
        if out and _ABBREV_END.search(out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return [s for s in out if s]


def snippet(sentence: str, start: int, end: int, width: int = 45) -> str:
    """Given a sentence and a span in it, return the span with some context, for a message."""
    a, b = max(0, start - width), min(len(sentence), end + width)
    head = "…" if a > 0 else ""
    tail = "…" if b < len(sentence) else ""
    return f"{head}{sentence[a:b].strip()}{tail}"
