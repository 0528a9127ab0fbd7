"""Topic models of the leads, per language: LDA (gensim) and NMF (scikit-learn), a K sweep scored
by coherence (c_v, NPMI) and seed stability, FREX labels, representative articles and topic
prevalence by outlet, bloc and time. Everything is written as tidy, sorted, fixed-format tables so a
second run on the same corpus is byte-identical.

Design notes (the choices a reader should know about)
-----------------------------------------------------
* Documents: one per article, the processed terms (:class:`analysis.stemming.TokenProcessor`) of
  all its sentences (:class:`analysis.corpus.ArticleTokens`). Near-duplicate copies are dropped
  by default (``include_duplicates=False``) so syndicated wire copies do not make their own topic.
* Vocabulary: terms in fewer than ``min_df`` documents or more than ``max_df`` of them are dropped
  (sklearn semantics: an int is a count, a float a proportion). Both models use the same sorted
  vocabulary, so their topic-term matrices share columns.
* Coherence of a K is that of its reported (best-fitting) model; the means over all seeds are
  reported too (``c_v_mean``, ``c_npmi_mean``), as is topic diversity (not used in the rule).
* Coherence window: the stored bags are sorted alphabetically (word order is destroyed on purpose), so a
  sliding window would measure alphabet, not context. The coherence window is therefore the whole
  article (``window_size`` = the longest document): c_v and c_npmi are computed from document
  co-occurrence. They are computed with gensim's :class:`~gensim.models.CoherenceModel` on the
  documents as texts, per topic, and averaged over topics.
* Stability: each K is fitted with every seed; each seed's topics are matched to the reference seed
  by the Hungarian algorithm on the cosine similarity of topic-term vectors, and stability is the
  mean matched similarity (averaged over the non-reference seeds). The reference is the seed with
  the best fit (LDA: variational bound per token; NMF: reconstruction error), and it is also the
  final model reported (``final='best'``): LDA restarts on small corpora often end in a poor local
  optimum (two topics merged, one duplicated), which the bound exposes clearly. NMF uses
  ``init='random'`` by default: with NNDSVD initialisation the seed would not matter and stability
  would be 1 by construction.
* Choosing K (:data:`K_RULE`): rank-normalise c_v, c_npmi and stability over the K grid (average
  ranks for ties, scaled to 0..1), take their mean, choose the K with the highest mean; ties go to
  the smaller K. The grid is capped at ``n_docs // min_docs_per_topic`` topics.
* FREX (Roberts et al., STM ``calcfrex`` without the James-Stein shrinkage of exclusivity):
  weighted harmonic mean of the within-topic ECDF ranks of frequency (the topic-term weight) and
  exclusivity (the weight divided by the term's summed weight over topics), ``w = 0.5``.
* Prevalence: a document's topic proportions (LDA: normalised variational gamma; NMF: the row of
  W normalised to sum 1, uniform for documents with no vocabulary term). Group means get percentile
  bootstrap CIs with the article as the unit (:func:`analysis.stats.bootstrap_group_means`).
  Weekly bins are 7-day bins anchored at the window start (2 Jan 2022, a Sunday), labelled by
  their first day; bins and days without articles are kept with ``n = 0`` and an empty estimate.
* Determinism: fixed seeds everywhere, BLAS limited to one thread while fitting
  (``threadpoolctl``), gensim's single-core :class:`~gensim.models.LdaModel` in float64, LDA
  inference re-seeded on every ``transform``, rows sorted, floats written with ``%.6g``, models
  saved as ``.npy`` arrays + JSON (no pickles, no zip timestamps), no timestamps anywhere.
"""
from __future__ import annotations

import hashlib
import json
import logging
import platform
import shutil
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from gensim.corpora import Dictionary
from gensim.models import CoherenceModel, LdaModel
from scipy.optimize import linear_sum_assignment
from scipy.stats import rankdata
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import NMF
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from .corpus import ArticleTokens, load_articles
from .paths import RESULTS, CorpusPaths
from .schema import WINDOW
from .stats import bootstrap_group_means
from .stemming import TokenProcessor

LANGUAGES = ("ar", "tr", "ru", "en")
MODEL_KINDS = ("lda", "nmf")
FLOAT_FORMAT = "%.6g"
K_RULE = ("maximise the mean of the rank-normalised (average ranks over the K grid, scaled to "
          "0..1) c_v and c_npmi of the best-fitting seed's model and the stability of the other "
          "seeds against it; ties go to the smaller K")
CRITERIA = ("c_v", "c_npmi", "stability")
OUTPUT_FILES = ("sweep.csv", "sweep_seeds.csv", "choice.json", "terms.csv", "labels.csv",
                "representative.csv", "prevalence_articles.csv", "prevalence_groups.csv",
                "prevalence_time.csv")
GROUPS = (("outlet", "outlet_id"), ("bloc", "bloc"))

log = logging.getLogger(__name__)


# ---------------------------------------------------------------------------------- documents
def build_documents(language: str, articles: pd.DataFrame | None = None,
                    paths: CorpusPaths | None = None, include_duplicates: bool = False,
                    processor: TokenProcessor | None = None
                    ) -> tuple[pd.DataFrame, list[list[str]], list[str]]:
    """One document per article of ``language``: its processed terms, all sentences pooled.

    Returns ``(meta, docs, problems)``: ``meta`` has one row per document (article_id, url,
    outlet_id, bloc, published), aligned with ``docs``; ``problems`` lists articles left out (no
    features file)."""
    paths = paths or CorpusPaths()
    if articles is None:
        articles = load_articles(paths, include_duplicates=include_duplicates)
    sub = articles[articles["language"] == language].sort_values("article_id")
    processor = processor or TokenProcessor(language)
    keep, docs, problems = [], [], []
    for aid in sub["article_id"]:
        if not paths.feature_file(aid).exists():
            problems.append(f"{aid}: no features file")
            continue
        doc = next(iter(ArticleTokens([aid], language, paths, processor)), [])
        keep.append(aid)
        docs.append(doc)
    cols = ["article_id", "url", "outlet_id", "bloc", "published"]
    meta = sub[sub["article_id"].isin(keep)].reindex(columns=cols).reset_index(drop=True)
    return meta, docs, problems


def build_vocabulary(docs: Iterable[list[str]], min_df: int | float = 2,
                     max_df: int | float = 0.5) -> list[str]:
    """Sorted terms whose document frequency is >= ``min_df`` and <= ``max_df`` (an int is a
    count of documents, a float a proportion of them, as in scikit-learn)."""
    df: Counter = Counter()
    n = 0
    for d in docs:
        n += 1
        df.update(set(d))
    lo = min_df * n if isinstance(min_df, float) else min_df
    hi = max_df * n if isinstance(max_df, float) else max_df
    return sorted(t for t, c in df.items() if lo <= c <= hi)


def make_dictionary(vocabulary: Sequence[str]) -> Dictionary:
    """A gensim Dictionary whose ids are the positions in the (sorted) ``vocabulary``."""
    d = Dictionary()
    d.token2id = {t: i for i, t in enumerate(vocabulary)}
    d.id2token = dict(enumerate(vocabulary))
    d.dfs = {i: 1 for i in range(len(vocabulary))}
    d.cfs = dict(d.dfs)
    d.num_docs = 1
    return d


def _identity(doc):
    return doc


def _normalise_rows(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=float)
    s = m.sum(axis=1, keepdims=True)
    out = np.divide(m, s, out=np.zeros_like(m), where=s > 0)
    out[s[:, 0] <= 0] = 1.0 / m.shape[1]
    return out


def _as_list(docs: Iterable[list[str]]) -> list[list[str]]:
    return [list(d) for d in docs]


# ---------------------------------------------------------------------------------- models
class LdaTopicModel(TransformerMixin, BaseEstimator):
    """Latent Dirichlet allocation (gensim :class:`~gensim.models.LdaModel`, single core) on
    pre-tokenised documents.

    Online variational Bayes: ``chunksize`` documents per update, ``passes`` over the corpus.
    With a few hundred leads, one chunk per pass (a large chunksize) leaves the model far from
    converged after 10-20 updates; 50-document chunks converge to a better bound, faster.

    Learned attributes: ``vocabulary_`` (sorted terms), ``dictionary_``, ``model_`` (the gensim
    model), ``topic_terms_`` (K x V, rows sum to 1), ``n_docs_``."""

    kind = "lda"

    def __init__(self, n_topics: int = 5, passes: int = 20, iterations: int = 100,
                 alpha="symmetric", eta=None, chunksize: int = 50, min_df=2, max_df=0.5,
                 random_state: int = 0):
        self.n_topics = n_topics
        self.passes = passes
        self.iterations = iterations
        self.alpha = alpha
        self.eta = eta
        self.chunksize = chunksize
        self.min_df = min_df
        self.max_df = max_df
        self.random_state = random_state

    def fit(self, docs, y=None):
        docs = _as_list(docs)
        vocab = build_vocabulary(docs, self.min_df, self.max_df)
        if not vocab:
            raise ValueError("empty vocabulary after document-frequency filtering")
        self.vocabulary_ = vocab
        self.dictionary_ = make_dictionary(vocab)
        bows = [self.dictionary_.doc2bow(d) for d in docs]
        with threadpool_limits(1):
            self.model_ = LdaModel(
                corpus=bows, id2word=self.dictionary_, num_topics=self.n_topics,
                passes=self.passes, iterations=self.iterations, alpha=self.alpha, eta=self.eta,
                chunksize=self.chunksize, update_every=1, eval_every=None,
                random_state=self.random_state, dtype=np.float64)
        self.topic_terms_ = np.asarray(self.model_.get_topics(), dtype=float)
        self.n_docs_ = len(docs)
        return self

    def transform(self, docs) -> np.ndarray:
        """Document-topic proportions (rows sum to 1). Inference is re-seeded with
        ``random_state`` on each call, so the same documents always get the same answer."""
        check_is_fitted(self, "model_")
        bows = [self.dictionary_.doc2bow(list(d)) for d in docs]
        if not bows:
            return np.zeros((0, self.n_topics))
        self.model_.random_state = np.random.RandomState(self.random_state)
        with threadpool_limits(1):
            gamma, _ = self.model_.inference(bows)
        return _normalise_rows(gamma)

    def score(self, docs, y=None) -> float:
        """Variational lower bound of the log likelihood per token (higher is better); used to
        pick the best of several random restarts."""
        check_is_fitted(self, "model_")
        bows = [self.dictionary_.doc2bow(list(d)) for d in docs]
        n_tokens = sum(c for b in bows for _, c in b)
        self.model_.random_state = np.random.RandomState(self.random_state)
        with threadpool_limits(1):
            return float(self.model_.bound(bows)) / max(1, n_tokens)


class NmfTopicModel(TransformerMixin, BaseEstimator):
    """Non-negative matrix factorisation (scikit-learn) of the tf-idf matrix of pre-tokenised
    documents (``TfidfVectorizer(analyzer=identity)``).

    Learned attributes: ``vocabulary_``, ``vectorizer_``, ``model_`` (sklearn NMF),
    ``topic_terms_`` (K x V, the rows of H normalised to sum 1), ``n_docs_``."""

    kind = "nmf"

    def __init__(self, n_topics: int = 5, init: str = "random", max_iter: int = 500,
                 tol: float = 1e-4, alpha_W: float = 0.0, l1_ratio: float = 0.0,
                 sublinear_tf: bool = False, min_df=2, max_df=0.5, random_state: int = 0):
        self.n_topics = n_topics
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.alpha_W = alpha_W
        self.l1_ratio = l1_ratio
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df
        self.max_df = max_df
        self.random_state = random_state

    def _vectorizer(self, vocab):
        return TfidfVectorizer(analyzer=_identity, lowercase=False, vocabulary=vocab,
                               sublinear_tf=self.sublinear_tf, norm="l2")

    def _nmf(self):
        return NMF(n_components=self.n_topics, init=self.init, max_iter=self.max_iter,
                   tol=self.tol, alpha_W=self.alpha_W, l1_ratio=self.l1_ratio,
                   random_state=self.random_state)

    def fit(self, docs, y=None):
        docs = _as_list(docs)
        vocab = build_vocabulary(docs, self.min_df, self.max_df)
        if not vocab:
            raise ValueError("empty vocabulary after document-frequency filtering")
        self.vocabulary_ = vocab
        with threadpool_limits(1), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            self.vectorizer_ = self._vectorizer(vocab).fit(docs)
            x = self.vectorizer_.transform(docs)
            self.model_ = self._nmf().fit(x)
        self.topic_terms_ = _normalise_rows(self.model_.components_)
        self.n_docs_ = len(docs)
        return self

    def transform(self, docs) -> np.ndarray:
        """Document-topic proportions: rows of W normalised to sum 1 (uniform when a document
        has no vocabulary term)."""
        check_is_fitted(self, "model_")
        docs = _as_list(docs)
        if not docs:
            return np.zeros((0, self.n_topics))
        with threadpool_limits(1), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            w = self.model_.transform(self.vectorizer_.transform(docs))
        return _normalise_rows(w)

    def score(self, docs, y=None) -> float:
        """Minus the Frobenius reconstruction error of the tf-idf matrix per document (higher is
        better); used to pick the best of several random restarts."""
        check_is_fitted(self, "model_")
        docs = _as_list(docs)
        with threadpool_limits(1), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            x = self.vectorizer_.transform(docs)
            w = self.model_.transform(x)
        resid = x.toarray() - w @ self.model_.components_
        return -float(np.sqrt((resid ** 2).sum())) / max(1, len(docs))


MODELS = {"lda": LdaTopicModel, "nmf": NmfTopicModel}


def make_model(kind: str, n_topics: int, random_state: int = 0, **params):
    """An unfitted ``lda`` or ``nmf`` model."""
    if kind not in MODELS:
        raise ValueError(f"unknown model {kind!r} (lda|nmf)")
    return MODELS[kind](n_topics=n_topics, random_state=random_state, **params)


# ---------------------------------------------------------------------------------- saving
def _versions() -> dict:
    import gensim
    import scipy
    import sklearn
    return {"python": platform.python_version(), "gensim": gensim.__version__,
            "scikit-learn": sklearn.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "pandas": pd.__version__}


def _json_safe(x):
    if isinstance(x, dict):
        return {str(k): _json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_json_safe(v) for v in x]
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return None if not np.isfinite(x) else float(FLOAT_FORMAT % x) + 0.0
    if isinstance(x, np.ndarray):
        return _json_safe(x.tolist())
    return x


def _write_json(path: Path, obj) -> None:
    path.write_text(json.dumps(_json_safe(obj), ensure_ascii=False, indent=2, sort_keys=True)
                    + "\n", encoding="utf-8")


def _save_npy(path: Path, arr: np.ndarray) -> None:
    with open(path, "wb") as f:
        np.save(f, np.ascontiguousarray(arr, dtype=np.float64), allow_pickle=False)


def save_model(model, folder: Path | str) -> Path:
    """Save a fitted model as ``params.json`` + ``vocabulary.txt`` + ``.npy`` arrays (LDA:
    lambda, alpha, eta; NMF: components, idf). Deterministic bytes; see :func:`load_model`."""
    check_is_fitted(model, "model_")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    params = {k: (v if not isinstance(v, np.ndarray) else v.tolist())
              for k, v in model.get_params().items()}
    meta = {"kind": model.kind, "class": type(model).__name__, "params": params,
            "n_topics": model.n_topics, "vocab_size": len(model.vocabulary_),
            "n_docs": model.n_docs_, "versions": _versions()}
    (folder / "params.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    (folder / "vocabulary.txt").write_text("".join(t + "\n" for t in model.vocabulary_),
                                           encoding="utf-8")
    if model.kind == "lda":
        _save_npy(folder / "lambda.npy", model.model_.state.get_lambda())
        _save_npy(folder / "alpha.npy", model.model_.alpha)
        _save_npy(folder / "eta.npy", model.model_.eta)
    else:
        _save_npy(folder / "components.npy", model.model_.components_)
        _save_npy(folder / "idf.npy", model.vectorizer_.idf_)
    return folder


def load_model(folder: Path | str):
    """Rebuild a model saved by :func:`save_model` (transform gives the same proportions)."""
    folder = Path(folder)
    meta = json.loads((folder / "params.json").read_text(encoding="utf-8"))
    vocab = (folder / "vocabulary.txt").read_text(encoding="utf-8").split("\n")[:-1]
    model = MODELS[meta["kind"]](**meta["params"])
    model.vocabulary_, model.n_docs_ = vocab, meta["n_docs"]
    if meta["kind"] == "lda":
        lam, alpha, eta = (np.load(folder / f"{n}.npy") for n in ("lambda", "alpha", "eta"))
        model.dictionary_ = make_dictionary(vocab)
        lda = LdaModel(id2word=model.dictionary_, num_topics=model.n_topics, alpha=alpha,
                       eta=eta, random_state=model.random_state, dtype=np.float64)
        lda.state.sstats[...] = lam - eta
        lda.sync_state()
        model.model_ = lda
        model.topic_terms_ = np.asarray(lda.get_topics(), dtype=float)
    else:
        comps, idf = np.load(folder / "components.npy"), np.load(folder / "idf.npy")
        vec = model._vectorizer(vocab)
        vec.idf_ = idf
        nmf = model._nmf()
        nmf.components_ = comps
        nmf.n_components_ = comps.shape[0]
        nmf.n_features_in_ = comps.shape[1]
        model.vectorizer_, model.model_ = vec, nmf
        model.topic_terms_ = _normalise_rows(comps)
    return model


# ---------------------------------------------------------------------------------- scoring
def top_terms(topic_terms: np.ndarray, vocabulary: Sequence[str], n: int = 10) -> list[list[str]]:
    """The ``n`` highest-weight terms of each topic (ties by term)."""
    vocab = np.asarray(vocabulary, dtype=object)
    out = []
    for row in np.asarray(topic_terms):
        order = np.lexsort((vocab, -row))[:n]
        out.append([str(vocab[i]) for i in order])
    return out


def topic_diversity(topic_terms: np.ndarray, vocabulary: Sequence[str], n: int = 10) -> float:
    """Share of distinct terms among the top ``n`` terms of all topics (1 = no topic repeats
    another's top terms; Dieng et al. 2020). A diagnostic for duplicated topics."""
    tops = top_terms(topic_terms, vocabulary, n)
    return len({t for top in tops for t in top}) / max(1, sum(len(top) for top in tops))


def fit_best(kind: str, n_topics: int, docs: list[list[str]],
             seeds: Sequence[int] = (0, 1, 2, 3, 4), **params):
    """Fit one model per seed and return the best-fitting one (highest ``score``; ties: the
    earlier seed)."""
    docs = _as_list(docs)
    models = [make_model(kind, n_topics, random_state=int(s), **params).fit(docs) for s in seeds]
    scores = [m.score(docs) for m in models]
    return models[int(np.argmax(scores))]


def coherence_scores(topics: list[list[str]], docs: list[list[str]],
                     vocabulary: Sequence[str], measures: Sequence[str] = ("c_v", "c_npmi"),
                     window_size: int | None = None) -> dict[str, np.ndarray]:
    """Per-topic coherence of ``topics`` (lists of terms) on ``docs`` as texts, with gensim's
    CoherenceModel. The default window is the longest document, i.e. document co-occurrence
    (the stored bags have no word order)."""
    dictionary = make_dictionary(vocabulary)
    window = window_size or max(2, max((len(d) for d in docs), default=2))
    topn = max(len(t) for t in topics)
    out = {}
    with np.errstate(all="ignore"):
        for m in measures:
            cm = CoherenceModel(topics=topics, texts=docs, dictionary=dictionary, coherence=m,
                                window_size=window, topn=topn, processes=1)
            out[m] = np.asarray(cm.get_coherence_per_topic(), dtype=float)
    return out


def match_topics(reference: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hungarian matching of ``other``'s topics to ``reference``'s by cosine similarity of their
    topic-term vectors. Returns ``(perm, sims)``: topic ``i`` of the reference is matched with
    topic ``perm[i]`` of ``other`` at cosine ``sims[i]``."""
    a = np.asarray(reference, dtype=float)
    b = np.asarray(other, dtype=float)
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-300)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-300)
    sim = a @ b.T
    rows, cols = linear_sum_assignment(-sim)
    perm = np.empty(len(rows), dtype=int)
    perm[rows] = cols
    return perm, sim[np.arange(len(perm)), perm]


def topic_stability(topic_terms: Sequence[np.ndarray], reference: int = 0) -> np.ndarray:
    """Mean matched cosine similarity of each model's topics to the reference model's (one value
    per model; the reference itself gets 1)."""
    ref = topic_terms[reference]
    return np.array([match_topics(ref, t)[1].mean() for t in topic_terms])


def cap_k_grid(k_grid: Iterable[int], n_docs: int, n_terms: int,
               min_docs_per_topic: int = 5) -> list[int]:
    """The Ks of ``k_grid`` worth fitting: 2 <= K <= n_docs // min_docs_per_topic, K < n_terms."""
    cap = n_docs // max(1, min_docs_per_topic)
    return sorted({int(k) for k in k_grid if 2 <= k <= cap and k < n_terms})


def _fit_one(kind: str, k: int, seed: int, params: dict, docs: list[list[str]]):
    logging.getLogger("gensim").setLevel(logging.ERROR)  # "too few updates" noise in workers
    return make_model(kind, k, random_state=seed, **params).fit(docs)


def sweep_k(docs: list[list[str]], kind: str = "lda", k_grid: Iterable[int] = range(3, 11),
            seeds: Sequence[int] = (0, 1, 2, 3, 4), model_params: dict | None = None,
            topn: int = 10, window_size: int | None = None, n_jobs: int = 1
            ) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Fit ``kind`` for every K and seed and score each K.

    Per (K, seed): the fit (``model.score``: LDA per-token bound, NMF minus reconstruction
    error), coherence (c_v, c_npmi, mean over topics) and topic diversity. The reference seed of
    a K is its best-fitting seed (ties: the earlier seed in ``seeds``); it is the model reported.
    Per K: ``c_v``, ``c_npmi`` and ``diversity`` of the reference model; ``stability`` = mean
    matched similarity of the other seeds to the reference; ``c_v_mean``/``c_npmi_mean``/``_sd``
    over all seeds; ``stability_min``; ``reference_seed``.

    ``n_jobs`` > 1 fits the (K, seed) models in parallel processes (joblib); each fit is itself
    single-threaded and seeded, so the results are identical to ``n_jobs=1``.

    Returns ``(sweep, per_seed, models)``; ``models`` maps ``(k, seed)`` to the fitted model."""
    seeds = [int(s) for s in seeds]
    if len(seeds) < 2:
        raise ValueError("stability needs at least two seeds")
    model_params = dict(model_params or {})
    docs = _as_list(docs)
    jobs = [(int(k), s) for k in k_grid for s in seeds]
    if n_jobs == 1:
        fitted = [_fit_one(kind, k, s, model_params, docs) for k, s in jobs]
    else:
        from joblib import Parallel, delayed
        fitted = Parallel(n_jobs=n_jobs)(delayed(_fit_one)(kind, k, s, model_params, docs)
                                         for k, s in jobs)
    models, topic_lists, index = {}, [], []
    for (k, s), m in zip(jobs, fitted):
        models[(k, s)] = m
        topic_lists += top_terms(m.topic_terms_, m.vocabulary_, topn)
        index += [(k, s)] * k
    if not models:
        raise ValueError("empty K grid")
    vocab = next(iter(models.values())).vocabulary_
    coh = coherence_scores(topic_lists, docs, vocab, ("c_v", "c_npmi"), window_size)
    per_topic = pd.DataFrame(index, columns=["k", "seed"]).assign(c_v=coh["c_v"],
                                                                  c_npmi=coh["c_npmi"])
    per_seed = per_topic.groupby(["k", "seed"], sort=True).mean().reset_index()
    stab = []
    for k in sorted({k for k, _ in models}):
        fits = [models[(k, s)].score(docs) for s in seeds]
        ref = int(np.argmax(fits))  # first maximum: the earlier seed wins ties
        tt = [models[(k, s)].topic_terms_ for s in seeds]
        for i, (s, v) in enumerate(zip(seeds, topic_stability(tt, ref))):
            m = models[(k, s)]
            stab.append({"k": k, "seed": s, "fit": fits[i], "stability": v,
                         "diversity": topic_diversity(m.topic_terms_, m.vocabulary_, topn),
                         "reference": i == ref})
    per_seed = per_seed.merge(pd.DataFrame(stab), on=["k", "seed"])
    others = per_seed[~per_seed["reference"]]
    ref = per_seed[per_seed["reference"]].set_index("k")
    g = per_seed.groupby("k", sort=True)
    sweep = pd.DataFrame({
        "c_v": ref["c_v"], "c_npmi": ref["c_npmi"],
        "stability": others.groupby("k")["stability"].mean(),
        "diversity": ref["diversity"],
        "c_v_mean": g["c_v"].mean(), "c_npmi_mean": g["c_npmi"].mean(),
        "c_v_sd": g["c_v"].std(ddof=1), "c_npmi_sd": g["c_npmi"].std(ddof=1),
        "stability_min": others.groupby("k")["stability"].min(),
        "reference_seed": ref["seed"],
    }).reset_index()
    return sweep, per_seed, models


def choose_k(sweep: pd.DataFrame, criteria: Sequence[str] = CRITERIA) -> dict:
    """Apply :data:`K_RULE` to a sweep table. Returns ``{"k", "rule", "scores", "reasons"}``;
    ``scores`` maps each K to its criteria, their rank-normalised values and the mean."""
    sw = sweep.sort_values("k").reset_index(drop=True)
    n = len(sw)
    if n == 0:
        raise ValueError("empty sweep")
    norm = {}
    for c in criteria:
        vals = sw[c].to_numpy(dtype=float)
        vals = np.where(np.isfinite(vals), vals, -np.inf)
        r = rankdata(vals, method="average")
        norm[c] = (r - 1) / (n - 1) if n > 1 else np.ones(n)
    score = np.mean([norm[c] for c in criteria], axis=0)
    best = score.max()
    tied = [int(k) for k, s in zip(sw["k"], score) if np.isclose(s, best, rtol=0, atol=1e-12)]
    k = min(tied)
    scores = {int(kk): {**{c: float(sw.loc[i, c]) for c in criteria},
                        **{f"{c}_rank_norm": float(norm[c][i]) for c in criteria},
                        "score": float(score[i])} for i, kk in enumerate(sw["k"])}
    reasons = [f"K={k} has the highest mean rank-normalised score {best:.3f} over K grid "
               f"{[int(x) for x in sw['k']]}"]
    reasons.append("; ".join(f"{c}={scores[k][c]:.4g} (rank-normalised {scores[k][c + '_rank_norm']:.2f})"
                             for c in criteria))
    if len(tied) > 1:
        reasons.append(f"tied with K={[t for t in tied if t != k]}; the smaller K is chosen")
    rest = sorted(((s, int(kk)) for kk, s in zip(sw["k"], score) if int(kk) != k), reverse=True)
    if rest:
        reasons.append(f"runner-up K={rest[0][1]} with score {rest[0][0]:.3f}")
    if n > 2 and k in (int(sw["k"].min()), int(sw["k"].max())):
        reasons.append(f"warning: K={k} is at the edge of the grid; the optimum may lie outside")
    for c in criteria:
        kb = int(sw.loc[int(np.argmax(np.where(np.isfinite(sw[c]), sw[c], -np.inf))), "k"])
        if kb != k:
            reasons.append(f"{c} alone would choose K={kb}")
    return {"k": k, "rule": K_RULE, "scores": scores, "reasons": reasons}


# ---------------------------------------------------------------------------------- labels
def frex(topic_terms: np.ndarray, w: float = 0.5) -> np.ndarray:
    """FREX scores (K x V): the weighted harmonic mean of the within-topic ECDF ranks of a term's
    frequency (its weight in the topic) and exclusivity (its weight over its summed weight in
    all topics), as STM's ``calcfrex`` (without James-Stein shrinkage); ``w`` weights frequency."""
    beta = np.asarray(topic_terms, dtype=float)
    total = beta.sum(axis=0, keepdims=True)
    excl = np.divide(beta, total, out=np.zeros_like(beta), where=total > 0)
    v = beta.shape[1]
    f = np.vstack([rankdata(r, method="average") for r in beta]) / v
    e = np.vstack([rankdata(r, method="average") for r in excl]) / v
    return 1.0 / (w / f + (1 - w) / e)


def terms_table(topic_terms: np.ndarray, vocabulary: Sequence[str], n: int = 10,
                frex_weight: float = 0.5) -> pd.DataFrame:
    """Top and FREX terms per topic: columns topic, kind (top|frex), rank (1..n), term, weight
    (the topic-term weight), frex (the FREX score)."""
    beta = np.asarray(topic_terms, dtype=float)
    fx = frex(beta, frex_weight)
    vocab = np.asarray(vocabulary, dtype=object)
    rows = []
    for t in range(beta.shape[0]):
        for kind, key in (("top", beta[t]), ("frex", fx[t])):
            for r, i in enumerate(np.lexsort((vocab, -key))[:n], start=1):
                rows.append({"topic": t, "kind": kind, "rank": r, "term": str(vocab[i]),
                             "weight": beta[t, i], "frex": fx[t, i]})
    return pd.DataFrame(rows, columns=["topic", "kind", "rank", "term", "weight", "frex"])


def topic_labels(terms: pd.DataFrame, n: int = 3, sep: str = " / ") -> pd.DataFrame:
    """``topic_label`` per topic: its top ``n`` FREX terms joined by ``sep``."""
    fx = terms[terms["kind"] == "frex"].sort_values(["topic", "rank"])
    out = fx.groupby("topic", sort=True)["term"].apply(lambda s: sep.join(s.head(n)))
    top = terms[terms["kind"] == "top"].sort_values(["topic", "rank"])
    top = top.groupby("topic", sort=True)["term"].apply(lambda s: sep.join(s.head(n)))
    return pd.DataFrame({"topic": out.index, "topic_label": out.values,
                         "top_terms": top.reindex(out.index).values})


def representative_articles(theta: np.ndarray, meta: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` articles with the highest proportion of each topic (ties by article_id):
    topic, rank, article_id, url, outlet_id, published, weight."""
    ids = meta["article_id"].to_numpy(dtype=object)
    rows = []
    for t in range(theta.shape[1]):
        for r, i in enumerate(np.lexsort((ids, -theta[:, t]))[:n], start=1):
            m = meta.iloc[i]
            rows.append({"topic": t, "rank": r, "article_id": m["article_id"], "url": m["url"],
                         "outlet_id": m["outlet_id"], "published": _day(m["published"]),
                         "weight": theta[i, t]})
    return pd.DataFrame(rows, columns=["topic", "rank", "article_id", "url", "outlet_id",
                                       "published", "weight"])


def _day(x) -> str:
    return pd.Timestamp(x).strftime("%Y-%m-%d")


# ---------------------------------------------------------------------------------- prevalence
def _topic_cols(k: int) -> list[str]:
    return [f"topic_{t}" for t in range(k)]


def article_prevalence(theta: np.ndarray, meta: pd.DataFrame) -> pd.DataFrame:
    """Long table article_id, topic, weight (sorted)."""
    k = theta.shape[1]
    df = pd.DataFrame({"article_id": np.repeat(meta["article_id"].to_numpy(dtype=object), k),
                       "topic": np.tile(np.arange(k), len(meta)),
                       "weight": np.asarray(theta, dtype=float).ravel()})
    return df.sort_values(["article_id", "topic"]).reset_index(drop=True)


def group_prevalence(theta: np.ndarray, meta: pd.DataFrame,
                     groups: Sequence[tuple[str, str]] = GROUPS, n_boot: int = 1000,
                     ci: float = 0.95, random_state: int = 0) -> pd.DataFrame:
    """Mean topic proportion per group with percentile bootstrap CIs (articles resampled within
    group). ``groups`` pairs a group_type with the ``meta`` column holding the group. Returns
    group_type, group, topic, estimate, ci_low, ci_high, n."""
    cols = _topic_cols(theta.shape[1])
    base = pd.DataFrame(np.asarray(theta, dtype=float), columns=cols)
    out = []
    for gtype, col in groups:
        df = base.assign(group=meta[col].fillna("").astype(str).to_numpy())
        res = bootstrap_group_means(df, cols, "group", n_boot=n_boot, ci=ci,
                                    random_state=random_state)
        res.insert(0, "group_type", gtype)
        out.append(res)
    res = pd.concat(out, ignore_index=True)
    res["topic"] = res.pop("variable").str.removeprefix("topic_").astype(int)
    res = res[["group_type", "group", "topic", "estimate", "ci_low", "ci_high", "n"]]
    return res.sort_values(["group_type", "group", "topic"]).reset_index(drop=True)


def time_prevalence(theta: np.ndarray, meta: pd.DataFrame, window=WINDOW) -> pd.DataFrame:
    """Mean topic proportion per day and per 7-day bin (anchored at the window start, labelled
    by its first day) over the study window; periods without articles have n = 0 and no
    estimate. Returns freq (day|week), date, topic, estimate, n."""
    k = theta.shape[1]
    start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
    days = pd.to_datetime(meta["published"]).dt.normalize().to_numpy()
    th = np.asarray(theta, dtype=float)
    inside = (days >= start.to_datetime64()) & (days <= end.to_datetime64())
    offset = ((days - start.to_datetime64()) // np.timedelta64(1, "D")).astype(int)
    all_days = pd.date_range(start, end, freq="D")
    rows = []
    for freq, width in (("day", 1), ("week", 7)):
        bins = offset // width
        for b in range(len(all_days) // width + (len(all_days) % width > 0)):
            sel = inside & (bins == b)
            n = int(sel.sum())
            est = th[sel].mean(axis=0) if n else np.full(k, np.nan)
            label = (start + pd.Timedelta(days=b * width)).strftime("%Y-%m-%d")
            for t in range(k):
                rows.append({"freq": freq, "date": label, "topic": t, "estimate": est[t], "n": n})
    df = pd.DataFrame(rows, columns=["freq", "date", "topic", "estimate", "n"])
    return df.sort_values(["freq", "date", "topic"]).reset_index(drop=True)


# ---------------------------------------------------------------------------------- run
def _write_csv(df: pd.DataFrame, path: Path) -> None:
    df = df.copy()
    for c in df.columns:
        if pd.api.types.is_float_dtype(df[c]):
            df[c] = df[c] + 0.0  # no "-0"
    df.to_csv(path, index=False, float_format=FLOAT_FORMAT, lineterminator="\n",
              encoding="utf-8")


def _ids_digest(ids: Iterable[str]) -> str:
    return hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()


def fit_language(language: str, kind: str, meta: pd.DataFrame, docs: list[list[str]],
                 k_grid: Iterable[int] = range(3, 11), seeds: Sequence[int] = (0, 1, 2, 3, 4),
                 random_state: int = 0, model_params: dict | None = None,
                 min_docs_per_topic: int = 5, n_terms: int = 10, n_repr: int = 5,
                 n_boot: int = 1000, coherence_topn: int = 10, frex_weight: float = 0.5,
                 min_df=2, max_df=0.5, final: str = "best", n_jobs: int = 1
                 ) -> dict[str, object]:
    """Sweep K, choose it, take the final model and compute every output table for one language
    and one model kind. ``final='best'``: the chosen K's best-fitting seed (the stability
    reference; random restarts of LDA often land in poor local optima with merged topics);
    ``final='random_state'``: the model fitted with ``random_state``. ``random_state`` also seeds
    the bootstrap. Returns a dict of DataFrames plus ``choice``, ``model`` and ``theta``."""
    if final not in ("best", "random_state"):
        raise ValueError("final must be 'best' or 'random_state'")
    params = {"min_df": min_df, "max_df": max_df, **(model_params or {})}
    vocab = build_vocabulary(docs, min_df, max_df)
    grid = cap_k_grid(k_grid, len(docs), len(vocab), min_docs_per_topic)
    if not grid:
        raise ValueError(f"no K to fit: {len(docs)} documents, {len(vocab)} terms, "
                         f"K grid {list(k_grid)}, at least {min_docs_per_topic} docs per topic")
    sweep, per_seed, models = sweep_k(docs, kind, grid, seeds, params, coherence_topn,
                                      n_jobs=n_jobs)
    choice = choose_k(sweep)
    k = choice["k"]
    ref_seed = int(sweep.set_index("k").loc[k, "reference_seed"])
    if final == "best":
        model = models[(k, ref_seed)]
    else:
        model = models.get((k, int(random_state))) or \
            make_model(kind, k, random_state=random_state, **params).fit(docs)
    theta = model.transform(docs)
    lab = {"language": language, "model": kind}
    sweep = sweep.assign(score=[choice["scores"][int(x)]["score"] for x in sweep["k"]],
                         chosen=sweep["k"] == k)

    def tag(df):
        for i, (c, v) in enumerate(lab.items()):
            df.insert(i, c, v)
        return df

    terms = terms_table(model.topic_terms_, model.vocabulary_, n_terms, frex_weight)
    labels = topic_labels(terms).assign(prevalence=theta.mean(axis=0))
    choice.update({
        "language": language, "model": kind, "n_docs": len(docs),
        "vocab_size": len(model.vocabulary_), "k_grid_requested": [int(x) for x in k_grid],
        "k_grid": grid, "seeds": [int(s) for s in seeds], "reference_seed": ref_seed,
        "random_state": int(random_state), "final": final,
        "final_seed": int(model.random_state), "model_class": type(model).__name__,
        "model_params": model.get_params(),
        "coherence": {"measures": ["c_v", "c_npmi"], "topn": coherence_topn,
                      "window": "whole document (window_size = longest document, "
                                f"{max((len(d) for d in docs), default=0)} terms)",
                      "texts": "the processed documents"},
        "stability": "mean Hungarian-matched cosine similarity of topic-term vectors to the "
                     "reference seed (the best-fitting seed of each K: LDA per-token bound, "
                     "NMF reconstruction error), averaged over the other seeds",
        "min_docs_per_topic": min_docs_per_topic, "frex_weight": frex_weight,
        "n_boot": n_boot, "articles_sha256": _ids_digest(meta["article_id"]),
        "versions": _versions(),
        "topic_labels": dict(zip(labels["topic"].astype(int), labels["topic_label"])),
    })
    return {
        "sweep": tag(sweep[["k", "c_v", "c_npmi", "stability", "diversity", "c_v_mean",
                            "c_npmi_mean", "c_v_sd", "c_npmi_sd", "stability_min",
                            "reference_seed", "score", "chosen"]]),
        "sweep_seeds": tag(per_seed[["k", "seed", "reference", "fit", "c_v", "c_npmi",
                                     "stability", "diversity"]]),
        "terms": tag(terms[["topic", "rank", "term", "weight", "kind", "frex"]]
                     .sort_values(["topic", "kind", "rank"]).reset_index(drop=True)),
        "labels": tag(labels),
        "representative": tag(representative_articles(theta, meta, n_repr)),
        "prevalence_articles": tag(article_prevalence(theta, meta)),
        "prevalence_groups": tag(group_prevalence(theta, meta, n_boot=n_boot,
                                                  random_state=random_state)),
        "prevalence_time": tag(time_prevalence(theta, meta)),
        "choice": choice, "model": model, "theta": theta,
    }


def run(out_dir: Path | str = RESULTS / "topics", paths: CorpusPaths | None = None,
        languages: Sequence[str] = LANGUAGES, k_grid: Iterable[int] = range(3, 11),
        seeds: Sequence[int] = (0, 1, 2, 3, 4), random_state: int = 0,
        include_duplicates: bool = False, models: Sequence[str] = MODEL_KINDS,
        min_docs: int = 15, min_df=2, max_df=0.5, min_docs_per_topic: int = 5,
        lda_params: dict | None = None, nmf_params: dict | None = None, n_terms: int = 10,
        n_repr: int = 5, n_boot: int = 1000, coherence_topn: int = 10,
        frex_weight: float = 0.5, final: str = "best", n_jobs: int = 1) -> dict:
    """Topic models per language and model kind, written to ``out_dir/<language>/<model>/``
    (:data:`OUTPUT_FILES`), fitted models to ``out_dir/models/<language>_<model>/`` and a
    ``summary.json`` (languages fitted, skipped and why). Returns the summary."""
    out_dir = Path(out_dir)
    paths = paths or CorpusPaths()
    k_grid = [int(k) for k in k_grid]
    articles = load_articles(paths, include_duplicates=include_duplicates)
    summary = {"languages": {}, "skipped": {}, "k_rule": K_RULE,
               "parameters": {"k_grid": k_grid, "seeds": [int(s) for s in seeds],
                              "random_state": random_state,
                              "include_duplicates": include_duplicates, "min_docs": min_docs,
                              "min_df": min_df, "max_df": max_df,
                              "min_docs_per_topic": min_docs_per_topic,
                              "lda_params": lda_params or {}, "nmf_params": nmf_params or {},
                              "n_terms": n_terms, "n_repr": n_repr, "n_boot": n_boot,
                              "coherence_topn": coherence_topn, "frex_weight": frex_weight,
                              "final": final},
               "versions": _versions()}
    extra = {"lda": lda_params or {}, "nmf": nmf_params or {}}
    for lang in languages:
        meta, docs, problems = build_documents(lang, articles, paths,
                                               include_duplicates=include_duplicates)
        reason = None
        if len(docs) < min_docs:
            reason = f"{len(docs)} articles < {min_docs}"
        for kind in models:
            target = out_dir / lang / kind
            mdir = out_dir / "models" / f"{lang}_{kind}"
            for f in OUTPUT_FILES:  # stale outputs of an earlier run never survive
                (target / f).unlink(missing_ok=True)
            if mdir.exists():
                shutil.rmtree(mdir)
            if reason:
                continue
            try:
                res = fit_language(lang, kind, meta, docs, k_grid, seeds, random_state,
                                   extra[kind], min_docs_per_topic, n_terms, n_repr, n_boot,
                                   coherence_topn, frex_weight, min_df, max_df, final,
                                   n_jobs)
            except ValueError as e:
                summary["skipped"][f"{lang}/{kind}"] = str(e)
                continue
            target.mkdir(parents=True, exist_ok=True)
            for name in ("sweep", "sweep_seeds", "terms", "labels", "representative",
                         "prevalence_articles", "prevalence_groups", "prevalence_time"):
                _write_csv(res[name], target / f"{name}.csv")
            res["choice"]["problems"] = problems
            _write_json(target / "choice.json", res["choice"])
            save_model(res["model"], mdir)
            summary["languages"].setdefault(lang, {"n_docs": len(docs), "problems": problems})
            summary["languages"][lang][kind] = {"k": res["choice"]["k"],
                                                "vocab_size": res["choice"]["vocab_size"]}
        if reason:
            summary["skipped"][lang] = reason
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_json(out_dir / "summary.json", summary)
    return summary
