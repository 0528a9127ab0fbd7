"""Arabic display, in one place.

matplotlib >= 3.11 shapes and orders Arabic itself (it lays text out with a shaping engine), so
labels go to it as plain logical-order strings; the old ``get_display(reshape(s))`` recipe would
render them reversed there. Renderers that do not shape - Pillow, word clouds, matplotlib < 3.11 -
need presentation forms in visual order, which arabic-reshaper + python-bidi provide.
"""
from __future__ import annotations

import re

import matplotlib
from arabic_reshaper import reshape
from bidi import get_display

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F]")


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text or ""))


def matplotlib_shapes() -> bool:
    major, minor = (int(x) for x in matplotlib.__version__.split(".")[:2])
    return (major, minor) >= (3, 11)


def for_renderer(text: str, renderer: str = "matplotlib") -> str:
    """``text`` prepared for ``renderer``: 'matplotlib' (shapes itself from 3.11 on), 'pillow' or
    'wordcloud' (never shape). Non-Arabic text is returned unchanged."""
    if not has_arabic(text):
        return text
    if renderer == "matplotlib" and matplotlib_shapes():
        return text
    if renderer not in ("matplotlib", "pillow", "wordcloud"):
        raise ValueError(f"unknown renderer {renderer!r}")
    return get_display(reshape(text))
