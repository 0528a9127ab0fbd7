"""Turning a text into non-consumptive features: per-sentence sorted token bags (word order
destroyed), the phrase-lexicon hits found *before* order is destroyed, a quotation flag, and a
MinHash signature of word 3-shingles for near-duplicate detection. The text itself is not kept."""
from __future__ import annotations

import hashlib

import numpy as np
from datasketch import MinHash

from .lexicon import Lexicon
from .textnorm import split_sentences, tokens

NUM_PERM = 64
MINHASH_SEED = 20220105
MINHASH_SCHEME = "affine32"  # datasketch 2.x default, pinned so stored signatures stay comparable
SHINGLE = 3
_QUOTE_CHARS = set('"«»“”„‹›「」')


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def minhash_of(words: list[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
    shingles = {"\x1f".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m


def minhash_from_values(values: list[int]) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, hashvalues=np.array(values, dtype=np.uint64), scheme=MINHASH_SCHEME)


def featurize(text: str, language: str, lexicon: Lexicon) -> tuple[list[dict], list[int]]:
    """Sentence features and the MinHash signature (as plain ints) of ``text``."""
    sentences, all_words = [], []
    for raw in split_sentences(text):
        words = tokens(raw, language)
        if not words:
            continue
        all_words.extend(words)
        sentences.append({
            "s": len(sentences),
            "bag": sorted(words),
            "hits": lexicon.match_sequence(words, language),
            "q": any(ch in _QUOTE_CHARS for ch in raw),
        })
    signature = [int(v) for v in minhash_of(all_words).hashvalues]
    return sentences, signature
