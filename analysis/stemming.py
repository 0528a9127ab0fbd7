"""Analysis-time token processing: stopwords (stopwordsiso + lexicon/stopwords_extra.csv), then
snowballstemmer stems for ar/tr/en and pymorphy3 lemmas for ru (Kazakh: no stemmer, tokens kept).
The stored bags are never changed; this runs on them."""
from __future__ import annotations

from functools import lru_cache

import snowballstemmer

from .stopwords import stopwords

_SNOWBALL = {"ar": "arabic", "tr": "turkish", "en": "english"}


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3
    return pymorphy3.MorphAnalyzer(lang="ru")


class TokenProcessor:
    """Callable turning a stored bag into analysis terms for one language.

    Parameters: ``language``; ``stem`` (stems/lemmas on or off); ``drop_stopwords``;
    ``min_len`` (shorter tokens are dropped); ``keep_numbers``."""

    def __init__(self, language: str, stem: bool = True, drop_stopwords: bool = True,
                 min_len: int = 2, keep_numbers: bool = False):
        self.language, self.stem, self.drop_stopwords = language, stem, drop_stopwords
        self.min_len, self.keep_numbers = min_len, keep_numbers
        self._stops = stopwords(language) if drop_stopwords else frozenset()
        self._stemmer = snowballstemmer.stemmer(_SNOWBALL[language]) if language in _SNOWBALL else None
        self._cache: dict[str, str] = {}

    def term(self, token: str) -> str | None:
        if token in self._cache:
            return self._cache[token]
        out: str | None = token
        if len(token) < self.min_len or token in self._stops:
            out = None
        elif token.isdigit() and not self.keep_numbers:
            out = None
        elif self.stem:
            if self.language == "ru":
                out = _morph().parse(token)[0].normal_form.replace("ё", "е")
            elif self._stemmer is not None:
                out = self._stemmer.stemWord(token)
            if out in self._stops:
                out = None
        self._cache[token] = out
        return out

    def __call__(self, bag: list[str]) -> list[str]:
        out = []
        for tok in bag:
            t = self.term(tok)
            if t:
                out.append(t)
        return out
