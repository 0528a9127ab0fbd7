"""Lexicons as data: concepts (``lexicon/concepts.csv``) and their terms per language
(``lexicon/terms.csv``), and the matcher that finds them in token sequences and bags.

Term syntax: space-separated words written naturally (they are normalised with the same
:func:`analysis.textnorm.tokens` as the corpus); a trailing ``*`` makes the last word a prefix
(``цветн* революц*``). Arabic words also match behind the proclitics و ف ب ل ك and the article.
Multiword terms are *phrases*: ingest records their hits while word order still exists; one-word
terms are matched later on the sentence bags.
"""
from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .paths import LEXICON
from .schema import ACTORS, LANGUAGES
from .textnorm import tokens as tokenize

KINDS = ("actor", "cue", "negation", "rebuttal", "attribution", "topic")
_AR_PROCLITICS = ("وبال", "وال", "فال", "بال", "كال", "ولل", "لل", "ال", "وب", "ول", "فب", "فل",
                  "و", "ف", "ب", "ل", "ك")


@dataclass(frozen=True)
class Term:
    concept: str
    language: str
    pattern: tuple[str, ...]  # normalised words; a trailing '*' marks a prefix

    @property
    def label(self) -> str:
        # one whitespace-free token per hit, so a sorted hit list never reads as running text
        return f"{self.concept}:{'_'.join(self.pattern)}"

    @property
    def is_phrase(self) -> bool:
        return len(self.pattern) > 1


def _variants(token: str, language: str) -> tuple[str, ...]:
    if language != "ar":
        return (token,)
    out = [token]
    for p in _AR_PROCLITICS:
        if token.startswith(p) and len(token) - len(p) >= 2:
            out.append(token[len(p):])
    return tuple(out)


def _word_matches(token: str, word: str, language: str) -> bool:
    if word.endswith("*"):
        stem = word[:-1]
        return any(v.startswith(stem) for v in _variants(token, language))
    return word in _variants(token, language)


def _compile(text: str, language: str) -> tuple[str, ...]:
    words: list[str] = []
    for piece in text.split():
        star = piece.endswith("*")
        sub = tokenize(piece.rstrip("*"), language)
        if not sub:
            continue
        if star:
            sub[-1] += "*"
        words.extend(sub)
    return tuple(words)


class Lexicon:
    """Concepts, their kinds and mapped codebook actors, and their terms in each language."""

    def __init__(self, concepts: dict[str, dict], terms: list[Term]):
        self.concepts = concepts
        self.terms = terms
        self._by_lang = {lang: [t for t in terms if t.language == lang] for lang in LANGUAGES}

    @classmethod
    def load(cls, folder: Path | str = LEXICON) -> "Lexicon":
        folder = Path(folder)
        concepts: dict[str, dict] = {}
        with open(folder / "concepts.csv", encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f), start=2):
                if row["kind"] not in KINDS:
                    raise InputError(f"unknown kind {row['kind']!r}", str(folder / "concepts.csv"), i)
                if row["actor"] and row["actor"] not in ACTORS:
                    raise InputError(f"unknown actor {row['actor']!r}", str(folder / "concepts.csv"), i)
                concepts[row["concept"]] = row
        terms, seen = [], set()
        with open(folder / "terms.csv", encoding="utf-8", newline="") as f:
            for i, row in enumerate(csv.DictReader(f), start=2):
                where = str(folder / "terms.csv")
                if row["concept"] not in concepts:
                    raise InputError(f"unknown concept {row['concept']!r}", where, i)
                if row["language"] not in LANGUAGES:
                    raise InputError(f"unknown language {row['language']!r}", where, i)
                pattern = _compile(row["term"], row["language"])
                if not pattern:
                    raise InputError(f"term {row['term']!r} has no words", where, i)
                key = (row["concept"], row["language"], pattern)
                if key not in seen:
                    seen.add(key)
                    terms.append(Term(row["concept"], row["language"], pattern))
        return cls(concepts, terms)

    # ------------------------------------------------------------------ lookups
    def kind(self, concept: str) -> str:
        return self.concepts[concept]["kind"]

    def actor(self, concept: str) -> str:
        return self.concepts[concept]["actor"]

    def concepts_of_kind(self, *kinds: str) -> list[str]:
        return [c for c, r in self.concepts.items() if r["kind"] in kinds]

    def terms_for(self, language: str, phrases: bool | None = None) -> list[Term]:
        ts = self._by_lang.get(language, [])
        if phrases is None:
            return ts
        return [t for t in ts if t.is_phrase == phrases]

    # ------------------------------------------------------------------ matching
    def match_sequence(self, words: list[str], language: str, phrases_only: bool = True) -> list[str]:
        """Labels (``CONCEPT:pattern``) of the terms found in an ordered token list."""
        hits = []
        for term in self.terms_for(language, phrases=True if phrases_only else None):
            n = len(term.pattern)
            for i in range(len(words) - n + 1):
                if all(_word_matches(words[i + k], term.pattern[k], language) for k in range(n)):
                    hits.append(term.label)
                    break
        return sorted(set(hits))

    def match_bag(self, bag: list[str], language: str) -> Counter:
        """Concept counts of the one-word terms in a bag of tokens."""
        counts: Counter = Counter()
        for term in self.terms_for(language, phrases=False):
            word = term.pattern[0]
            n = sum(1 for tok in bag if _word_matches(tok, word, language))
            if n:
                counts[term.concept] += n
        return counts

    def sentence_concepts(self, bag: list[str], hits: list[str], language: str) -> set[str]:
        """Concepts present in one stored sentence: bag matches plus the recorded phrase hits."""
        found = set(self.match_bag(bag, language))
        found.update(h.split(":", 1)[0] for h in hits)
        return found


@lru_cache(maxsize=4)
def default_lexicon(folder: str = str(LEXICON)) -> Lexicon:
    return Lexicon.load(folder)
