"""Blame attribution, measured automatically two ways and aggregated to outlets and blocs.

1. :class:`LexiconBlame` - a transparent rule on each stored sentence: codebook actors (from the
   concept lexicon) that co-occur with a blame or causal cue are blamed. A rebuttal term (deny,
   reject, baseless ...) or a negation in the sentence turns the blame into ``rebutted`` (never
   counted as blame); an attribution cue (said, according to, claimed ...) or quotation marks make
   it ``reported``; otherwise it is ``endorsed`` (the outlet's own voice). Article level: an actor
   is endorsed if any sentence endorses it, else reported if any sentence reports it.
2. :class:`SupervisedBlame` - per actor, a scikit-learn logistic regression on TF-IDF of the
   processed terms (language-prefixed) plus concept counts, predicting the hand codes; evaluated
   and applied out-of-fold (stratified k-fold), so no article is scored by a model trained on it.

Both return tidy long tables: ``article_id, actor, endorsed, reported, any`` (0/1).
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from .corpus import SentenceCorpus
from .lexicon import Lexicon, default_lexicon
from .paths import CorpusPaths
from .schema import ACTORS, parse_blamed
from .stemming import TokenProcessor

VOICES = ("endorsed", "reported", "any")


def hand_blame(codes: pd.DataFrame) -> pd.DataFrame:
    """Hand codes as the same long 0/1 table the measures produce."""
    rows = []
    for aid, blamed in zip(codes["article_id"], codes["blamed"]):
        b = parse_blamed(blamed)
        for actor in ACTORS:
            v = b.get(actor)
            rows.append({"article_id": aid, "actor": actor, "endorsed": int(v == "endorsed"),
                         "reported": int(v == "reported"), "any": int(v is not None)})
    return pd.DataFrame(rows, columns=["article_id", "actor", "endorsed", "reported", "any"])


class LexiconBlame(BaseEstimator):
    """Rule-based sentence-level blame detector (see module doc).

    Parameters: ``use_negation`` / ``use_rebuttal`` / ``use_attribution`` switch the voice rules
    (for ablations); ``cue_kinds`` which concept kinds count as cues."""

    def __init__(self, use_negation: bool = True, use_rebuttal: bool = True,
                 use_attribution: bool = True, lexicon_dir: str | None = None):
        self.use_negation = use_negation
        self.use_rebuttal = use_rebuttal
        self.use_attribution = use_attribution
        self.lexicon_dir = lexicon_dir

    def fit(self, articles: pd.DataFrame | None = None, y=None) -> "LexiconBlame":
        self.lexicon_: Lexicon = (Lexicon.load(self.lexicon_dir) if self.lexicon_dir
                                  else default_lexicon())
        lex = self.lexicon_
        self.actor_of_ = {c: lex.actor(c) for c in lex.concepts if lex.actor(c)}
        self.cues_ = set(lex.concepts_of_kind("cue"))
        return self

    def sentence_blame(self, bag: list[str], hits: list[str], quoted: bool,
                       language: str) -> dict[str, str]:
        """``{actor: endorsed|reported|rebutted}`` for one sentence."""
        concepts = self.lexicon_.sentence_concepts(bag, hits, language)
        if not concepts & self.cues_:
            return {}
        actors = {self.actor_of_[c] for c in concepts if c in self.actor_of_}
        if not actors:
            return {}
        if (self.use_rebuttal and "REBUTTAL" in concepts) or \
                (self.use_negation and "NEGATION" in concepts):
            voice = "rebutted"
        elif self.use_attribution and ("ATTRIBUTION" in concepts or quoted):
            voice = "reported"
        else:
            voice = "endorsed"
        return {a: voice for a in actors}

    def sentences(self, articles: pd.DataFrame, paths: CorpusPaths | None = None) -> pd.DataFrame:
        """Long table ``article_id, s, actor, voice`` of every sentence-level detection."""
        lang = dict(zip(articles["article_id"], articles["language"]))
        rows = []
        for sent in SentenceCorpus(articles["article_id"].tolist(), paths):
            for actor, voice in sorted(self.sentence_blame(sent.bag, sent.hits, sent.quoted,
                                                           lang[sent.article_id]).items()):
                rows.append({"article_id": sent.article_id, "s": sent.s, "actor": actor,
                             "voice": voice})
        return pd.DataFrame(rows, columns=["article_id", "s", "actor", "voice"])

    def predict(self, articles: pd.DataFrame, paths: CorpusPaths | None = None) -> pd.DataFrame:
        sents = self.sentences(articles, paths)
        found: dict[tuple[str, str], set] = {}
        for r in sents.itertuples():
            found.setdefault((r.article_id, r.actor), set()).add(r.voice)
        rows = []
        for aid in articles["article_id"]:
            for actor in ACTORS:
                v = found.get((aid, actor), set())
                e = int("endorsed" in v)
                rep = int(not e and "reported" in v)
                rows.append({"article_id": aid, "actor": actor, "endorsed": e, "reported": rep,
                             "any": int(e or rep), "rebutted": int("rebutted" in v)})
        return pd.DataFrame(rows)


def article_documents(articles: pd.DataFrame, paths: CorpusPaths | None = None,
                      lexicon: Lexicon | None = None) -> tuple[list[str], list[dict]]:
    """Per article: language-prefixed processed terms (one string) and concept counts."""
    lexicon = lexicon or default_lexicon()
    lang = dict(zip(articles["article_id"], articles["language"]))
    procs = {lg: TokenProcessor(lg) for lg in set(lang.values())}
    terms: dict[str, list[str]] = {a: [] for a in articles["article_id"]}
    concepts: dict[str, Counter] = {a: Counter() for a in articles["article_id"]}
    for sent in SentenceCorpus(articles["article_id"].tolist(), paths):
        lg = lang[sent.article_id]
        terms[sent.article_id] += [f"{lg}:{t}" for t in procs[lg](sent.bag)]
        for c in lexicon.sentence_concepts(sent.bag, sent.hits, lg):
            concepts[sent.article_id][f"concept:{c}"] += 1
        if sent.quoted:
            concepts[sent.article_id]["quoted"] += 1
    ids = articles["article_id"].tolist()
    return [" ".join(terms[a]) for a in ids], [dict(concepts[a]) for a in ids]


class SupervisedBlame(BaseEstimator):
    """Per-actor logistic regressions on TF-IDF terms + concept counts, scored out-of-fold.

    ``fit(articles, hand)`` trains one model per (actor, target) with at least ``min_positive``
    positives and both classes; ``predict_oof`` gives stratified k-fold out-of-fold predictions
    for every article, the only predictions used for evaluation and profiles."""

    def __init__(self, C: float = 1.0, n_splits: int = 5, min_positive: int = 5,
                 min_df: int = 2, random_state: int = 0):
        self.C, self.n_splits, self.min_positive = C, n_splits, min_positive
        self.min_df, self.random_state = min_df, random_state

    def _vectorizers(self, docs, concept_dicts):
        """Fitted (tfidf, dict) vectorizers and the training matrix."""
        tfidf = TfidfVectorizer(analyzer=str.split, min_df=self.min_df, sublinear_tf=True)
        dv = DictVectorizer(sparse=True)
        X = sparse.hstack([tfidf.fit_transform(docs), dv.fit_transform(concept_dicts)]).tocsr()
        return tfidf, dv, X

    @staticmethod
    def _transform(tfidf, dv, docs, concept_dicts):
        return sparse.hstack([tfidf.transform(docs), dv.transform(concept_dicts)]).tocsr()

    def _model(self):
        return LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000,
                                  random_state=self.random_state)

    def fit(self, articles: pd.DataFrame, hand: pd.DataFrame,
            paths: CorpusPaths | None = None) -> "SupervisedBlame":
        self.docs_, self.concepts_ = article_documents(articles, paths)
        self.ids_ = articles["article_id"].tolist()
        self.tfidf_, self.dv_, X = self._vectorizers(self.docs_, self.concepts_)
        self.targets_ = self._targets(hand)
        self.models_ = {}
        for key, y in self.targets_.items():
            self.models_[key] = self._model().fit(X, y)
        return self

    def _targets(self, hand: pd.DataFrame) -> dict[tuple[str, str], np.ndarray]:
        wide = hand.set_index(["article_id", "actor"])
        out = {}
        for actor in ACTORS:
            for voice in ("any", "endorsed"):
                y = np.array([wide.loc[(a, actor), voice] for a in self.ids_], dtype=int)
                if y.sum() >= self.min_positive and (len(y) - y.sum()) >= self.n_splits:
                    out[(actor, voice)] = y
        return out

    def predict_oof(self) -> pd.DataFrame:
        """Out-of-fold 0/1 predictions for every article and every trainable (actor, voice)."""
        pred: dict[tuple[str, str], np.ndarray] = {}
        for (actor, voice), y in self.targets_.items():
            n_splits = min(self.n_splits, int(y.sum()))
            skf = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=self.random_state)
            p = np.zeros(len(y), dtype=int)
            for tr, te in skf.split(np.zeros(len(y)), y):
                tfidf, dv, X_tr = self._vectorizers([self.docs_[i] for i in tr],
                                                    [self.concepts_[i] for i in tr])
                X_te = self._transform(tfidf, dv, [self.docs_[i] for i in te],
                                       [self.concepts_[i] for i in te])
                p[te] = self._model().fit(X_tr, y[tr]).predict(X_te)
            pred[(actor, voice)] = p
        rows = []
        for i, aid in enumerate(self.ids_):
            for actor in ACTORS:
                if (actor, "any") not in pred:
                    continue
                anyv = int(pred[(actor, "any")][i])
                e = int(pred[(actor, "endorsed")][i]) if (actor, "endorsed") in pred else 0
                e = e * anyv
                rows.append({"article_id": aid, "actor": actor, "endorsed": e,
                             "reported": int(anyv and not e), "any": anyv})
        return pd.DataFrame(rows, columns=["article_id", "actor", "endorsed", "reported", "any"])

    def top_features(self, n: int = 10) -> pd.DataFrame:
        names = np.concatenate([self.tfidf_.get_feature_names_out(), self.dv_.get_feature_names_out()])
        rows = []
        for (actor, voice), m in sorted(self.models_.items()):
            coef = m.coef_[0]
            for rank, j in enumerate(np.argsort(-coef)[:n]):
                rows.append({"actor": actor, "voice": voice, "rank": rank + 1,
                             "feature": names[j], "weight": float(coef[j])})
        return pd.DataFrame(rows)
