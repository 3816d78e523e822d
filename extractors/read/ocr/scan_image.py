"""Page images: render, binarise, straighten.

A scanned page comes in tilted by a degree or two, sometimes turned by a
quarter (a landscape table scanned sideways). The tilt is found from the
horizontal projection profile (text lines and table rules give the sharpest
profile when level); a quarter turn from the same profile taken both ways
(text lines are horizontal) and, for upside down, from Tesseract's
orientation detection.
"""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium

MAX_SKEW = 3.0  # degrees searched either way
_SMALL_WIDTH = 500  # pixels: the working width for skew and orientation


def render_gray(pdf: pdfium.PdfDocument, index: int, dpi: float) -> np.ndarray:
    """Given an open PDF and a 0-based page index, return the page as a grey image at ``dpi``."""
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        arr = bitmap.to_numpy()
        out = arr[:, :, 0] if arr.ndim == 3 else arr
        return np.ascontiguousarray(out, dtype=np.uint8)
    finally:
        page.close()


# background estimate: a grey closing at a quarter of the resolution with a kernel wider than any stroke
_LIGHT_SCALE = 0.25
_LIGHT_KERNEL = 15  # pixels at that scale: 0.3 inch at 200 dpi


def even_light(gray: np.ndarray) -> np.ndarray:
    """Given a grey page, return it with the paper made evenly white: each pixel divided by the paper's
    brightness around it. Uneven light (a scan darker towards one edge, a photocopy's grey band) otherwise
    passes a global threshold as ink: whole areas become "rules" and Tesseract reads them as letters."""
    small = cv2.resize(gray, None, fx=_LIGHT_SCALE, fy=_LIGHT_SCALE, interpolation=cv2.INTER_AREA)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (_LIGHT_KERNEL, _LIGHT_KERNEL))
    paper = cv2.GaussianBlur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel), (0, 0), _LIGHT_KERNEL / 3)
    paper = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)


def binarize(gray: np.ndarray) -> np.ndarray:
    """Given a grey image, return its ink mask (255 where ink), Otsu after a light blur."""
    _, ink = cv2.threshold(cv2.GaussianBlur(gray, (3, 3), 0), 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink


BAND_SHARE = 0.25  # share of the page's width or height an ink blob touching its edge spans to be a scanner band


def border_bands(ink: np.ndarray) -> np.ndarray:
    """Given an ink mask, return the mask of the scanner's dark bands: large blobs touching the image's
    edge (the scanner lid or the page's shadow around a tilted page). Their long straight edges would
    level the band instead of the text, and OCR reads them as letters."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    rows, cols = ink.shape
    band = np.zeros(n, dtype=bool)
    for k in range(1, n):
        x, y, w, h = (int(v) for v in stats[k][:4])
        touches = x == 0 or y == 0 or x + w >= cols or y + h >= rows
        band[k] = touches and (w >= BAND_SHARE * cols or h >= BAND_SHARE * rows)
    mask: np.ndarray = band[labels]
    return mask


def _small(ink: np.ndarray) -> np.ndarray:
    scale = min(1.0, _SMALL_WIDTH / ink.shape[1])
    return cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def _profile_score(small: np.ndarray, angle: float) -> float:
    h, w = small.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rotated = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    profile = rotated.sum(axis=1, dtype=np.float64)
    return float(np.square(np.diff(profile)).sum())


def skew_angle(ink: np.ndarray) -> float:
    """Given an ink mask, return the angle (degrees, counter-clockwise) that levels its lines."""
    small = _small(ink)
    if not small.any():
        return 0.0
    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.25)
    best = max(coarse, key=lambda a: _profile_score(small, float(a)))
    fine = np.arange(best - 0.25, best + 0.25 + 1e-9, 0.05)
    return float(max(fine, key=lambda a: _profile_score(small, float(a))))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """Given a grey image, return it rotated by ``angle`` degrees counter-clockwise, white fill."""
    if abs(angle) < 0.02:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def quarter_turned(ink: np.ndarray) -> bool:
    """True when the page's text lines run vertically (the page was scanned a quarter turned)."""
    small = _without_rules(_small(ink))
    if not small.any():
        return False
    across = _profile_score(small, 0.0) / small.shape[0]
    down = _profile_score(np.ascontiguousarray(small.T), 0.0) / small.shape[1]
    return bool(down > 1.5 * across)


def _without_rules(small: np.ndarray) -> np.ndarray:
    """The mask without table rules, which would swamp the text lines' profile."""
    h, w = small.shape
    across = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(8, w // 12), 1)))
    down = cv2.morphologyEx(small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(8, h // 12))))
    rules = cv2.bitwise_or(across, down)
    return cv2.subtract(small, cv2.dilate(rules, np.ones((3, 3), np.uint8)))


def turn(gray: np.ndarray, clockwise: int) -> np.ndarray:
    """Given a grey image, return it turned clockwise by 0, 90, 180 or 270 degrees."""
    k = (clockwise // 90) % 4
    if k == 0:
        return gray
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return cv2.rotate(gray, codes[k])
