"""Re-iterable views of the stored corpus (gensim's CorpusABC idea: every pass re-reads the
features, nothing is held but the metadata), and the tidy metadata tables analysis starts from."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pandas as pd
from gensim.corpora import Dictionary
from gensim.interfaces import CorpusABC

from .paths import CorpusPaths
from .schema import CODE_VARIABLES
from .stemming import TokenProcessor
from .store import read_features, read_table


@dataclass
class Sentence:
    article_id: str
    s: int
    bag: list[str]
    hits: list[str]
    quoted: bool


def load_articles(paths: CorpusPaths | None = None, include_duplicates: bool = True) -> pd.DataFrame:
    """Articles joined with their outlet (name, country, bloc), one row per article, sorted by id.

    ``include_duplicates=False`` keeps only roots of near-duplicate clusters (syndicated copies
    dropped)."""
    paths = paths or CorpusPaths()
    arts = pd.DataFrame(read_table(paths.articles, "articles"))
    outs = pd.DataFrame(read_table(paths.outlets, "outlets"))
    if arts.empty:
        return pd.DataFrame(columns=["article_id", "outlet_id", "bloc", "language", "published"])
    df = arts.merge(outs[["outlet_id", "name", "country", "bloc"]].rename(columns={"name": "outlet"}),
                    on="outlet_id", how="left", validate="many_to_one")
    df["published"] = pd.to_datetime(df["published"])
    for c in ("n_chars", "n_sentences"):
        df[c] = df[c].astype(int)
    if not include_duplicates:
        df = df[df["duplicate_of"] == ""]
    return df.sort_values("article_id").reset_index(drop=True)


def load_codes(paths: CorpusPaths | None = None, coder: str = "final") -> pd.DataFrame:
    """Hand codes, one row per article. ``coder='final'`` = first pass with adjudicated values
    (``adjudication.csv``) applied; or a coder id such as ``c1``/``c2``."""
    paths = paths or CorpusPaths()
    codes = pd.DataFrame(read_table(paths.codes, "codes"))
    if codes.empty:
        return codes
    if coder != "final":
        return codes[codes["coder"] == coder].drop(columns="coder").reset_index(drop=True)
    base = codes[codes["coder"] == "c1"].drop(columns="coder").set_index("article_id")
    adj = read_table(paths.adjudication, "adjudication")
    for r in adj:
        if r["article_id"] in base.index and r["variable"] in CODE_VARIABLES:
            base.loc[r["article_id"], r["variable"]] = r["final"]
    return base.reset_index().sort_values("article_id").reset_index(drop=True)


class SentenceCorpus:
    """Iterates :class:`Sentence` objects of the given articles, re-reading features each pass."""

    def __init__(self, article_ids: list[str], paths: CorpusPaths | None = None, full: bool = False):
        self.article_ids = list(article_ids)
        self.paths = paths or CorpusPaths()
        self.full = full

    def __iter__(self) -> Iterator[Sentence]:
        for aid in self.article_ids:
            f = self.paths.feature_file(aid, full=self.full)
            if self.full and not f.exists():
                f = self.paths.feature_file(aid)
            _, sents = read_features(f)
            for s in sents:
                yield Sentence(aid, s["s"], s["bag"], s.get("hits", []), bool(s.get("q")))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class ArticleTokens:
    """Iterates, per article, its processed terms (all sentences pooled): documents for topic
    models. Re-iterable; processing (stems/lemmas, stopwords) is applied on the fly."""

    def __init__(self, article_ids: list[str], language: str, paths: CorpusPaths | None = None,
                 processor: TokenProcessor | None = None, unit: str = "article"):
        if unit not in ("article", "sentence"):
            raise ValueError("unit must be 'article' or 'sentence'")
        self.article_ids, self.language = list(article_ids), language
        self.paths = paths or CorpusPaths()
        self.processor = processor or TokenProcessor(language)
        self.unit = unit

    def __iter__(self) -> Iterator[list[str]]:
        doc: list[str] = []
        current = None
        for sent in SentenceCorpus(self.article_ids, self.paths):
            terms = self.processor(sent.bag)
            if self.unit == "sentence":
                yield terms
                continue
            if current is not None and sent.article_id != current:
                yield doc
                doc = []
            current = sent.article_id
            doc.extend(terms)
        if self.unit == "article" and current is not None:
            yield doc

    def __len__(self) -> int:
        return len(self.article_ids) if self.unit == "article" else sum(1 for _ in self)


class BowCorpus(CorpusABC):
    """A gensim streamed bag-of-words corpus over :class:`ArticleTokens` with a fixed Dictionary."""

    def __init__(self, docs: ArticleTokens, dictionary: Dictionary):
        self.docs, self.dictionary = docs, dictionary

    def __iter__(self):
        for doc in self.docs:
            yield self.dictionary.doc2bow(doc)

    def __len__(self) -> int:
        return len(self.docs)
