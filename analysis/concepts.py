"""The cross-language layer: per-article presence of shared concepts (TURKEY, US_WEST, CSTO,
TURKIC_WORLD ...) from the one concept lexicon, so outlets writing in different languages are
compared on the same axes; aggregated per outlet and bloc with bootstrap CIs and over time."""
from __future__ import annotations

import pandas as pd

from .corpus import SentenceCorpus
from .lexicon import Lexicon, default_lexicon
from .paths import CorpusPaths
from .stats import bootstrap_group_means

TOPIC_KINDS = ("actor", "topic", "cue")


def article_concepts(articles: pd.DataFrame, paths: CorpusPaths | None = None,
                     lexicon: Lexicon | None = None) -> pd.DataFrame:
    """Tidy ``article_id, concept, sentences`` (number of sentences mentioning the concept)."""
    lexicon = lexicon or default_lexicon()
    keep = set(lexicon.concepts_of_kind(*TOPIC_KINDS))
    lang = dict(zip(articles["article_id"], articles["language"]))
    counts: dict[tuple[str, str], int] = {}
    for sent in SentenceCorpus(articles["article_id"].tolist(), paths):
        for c in lexicon.sentence_concepts(sent.bag, sent.hits, lang[sent.article_id]) & keep:
            counts[(sent.article_id, c)] = counts.get((sent.article_id, c), 0) + 1
    rows = [{"article_id": a, "concept": c, "sentences": n} for (a, c), n in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["article_id", "concept", "sentences"])


def concept_prevalence(ac: pd.DataFrame, articles: pd.DataFrame, n_boot: int = 1000,
                       random_state: int = 0) -> pd.DataFrame:
    """Share of articles mentioning each concept per bloc/outlet/language, with CIs."""
    wide = (ac.assign(present=1).pivot_table(index="article_id", columns="concept",
                                             values="present", fill_value=0))
    df = articles[["article_id", "outlet_id", "bloc", "language"]].merge(
        wide.reset_index(), on="article_id", how="left").fillna(0)
    cols = list(wide.columns)
    out = []
    for gt, col in (("bloc", "bloc"), ("outlet", "outlet_id"), ("language", "language")):
        t = bootstrap_group_means(df, cols, col, n_boot=n_boot, random_state=random_state)
        out.append(t.rename(columns={col: "group", "variable": "concept"}).assign(group_type=gt))
    res = pd.concat(out, ignore_index=True)
    return res[["group_type", "group", "concept", "estimate", "ci_low", "ci_high", "n"]]


def concept_timeline(ac: pd.DataFrame, articles: pd.DataFrame, freq: str = "W-MON") -> pd.DataFrame:
    """Weekly share of articles mentioning each concept, per bloc (tidy)."""
    present = ac[["article_id", "concept"]].drop_duplicates()
    a = articles[["article_id", "bloc", "published"]].copy()
    a["period"] = a["published"].dt.to_period(freq.split("-")[0]).dt.start_time
    totals = a.groupby(["bloc", "period"]).size().rename("n").reset_index()
    hits = present.merge(a, on="article_id").groupby(["bloc", "period", "concept"]).size()
    hits = hits.rename("k").reset_index().merge(totals, on=["bloc", "period"])
    hits["estimate"] = hits["k"] / hits["n"]
    return hits.rename(columns={"period": "date"})[["bloc", "date", "concept", "estimate", "k", "n"]]
