"""Stopword lists per language: stopwordsiso, orthographically normalised like the tokens,
plus the project's additions in ``lexicon/stopwords_extra.csv`` (data, not code)."""
from __future__ import annotations

import csv
from functools import lru_cache

import stopwordsiso

from .paths import LEXICON


@lru_cache(maxsize=None)
def stopwords(language: str) -> frozenset[str]:
    from .textnorm import tokens
    iso = "kk" if language == "kk" and stopwordsiso.has_lang("kk") else language
    base = set(stopwordsiso.stopwords("ru" if language == "kk" and iso != "kk" else iso))
    extra = LEXICON / "stopwords_extra.csv"
    if extra.exists():
        with open(extra, encoding="utf-8", newline="") as f:
            base |= {r["word"] for r in csv.DictReader(f) if r["language"] == language}
    out = set()
    for w in base:
        out.update(tokens(w, language))
    return frozenset(out)
