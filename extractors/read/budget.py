"""A time budget for one reading step (a page), enforced inside the process that reads.

pdfminer and pdfplumber are pure Python: a loop in them (a structure the
pre-read check does not know) is interrupted by a signal, and the page it was
reading is given up while the rest of the document is still read. Native code
(pdfium, Tesseract) cannot be interrupted this way; the limits of
``pipeline.limits`` stop the whole worker for those.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

REPEAT_SECONDS = 0.5  # the signal fires again while the step goes on (code that swallows it once)


class StepTimeout(BaseException):
    """A step ran past its budget. A BaseException, so that the libraries' ``except Exception``
    blocks let it through; ``read_pdf`` catches it around each page."""


def _expired(signum: int, frame: FrameType | None) -> None:
    raise StepTimeout


@contextmanager
def step_budget(seconds: float) -> Iterator[None]:
    """Raise StepTimeout in the block once it has run ``seconds``; a no-op outside the main thread
    (signals reach only it) and where there is no interval timer (not Unix)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
