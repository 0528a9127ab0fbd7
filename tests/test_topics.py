"""Topic models (analysis.topics) on a fixture corpus with planted themes and on simulated
mixtures. Every text below is a FIXTURE written for these tests from word lists (not article
text); URLs use the reserved .example domain."""
from __future__ import annotations

import csv
import datetime as dt
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import topics as T
from analysis.ingest import Ingestor
from analysis.paths import CorpusPaths
from analysis.schema import MANIFEST_COLUMNS, OUTLET_COLUMNS, QUERY_COLUMNS

# ------------------------------------------------------------------ fixture corpus (planted themes)
THEMES = {
    "en": {
        "fuel": ["fuel", "prices", "petrol", "liquefied", "drivers", "subsidy", "tariff",
                 "pumps", "motorists", "cost"],
        "troops": ["troops", "peacekeepers", "paratroopers", "deployment", "airport", "mission",
                   "withdrawal", "alliance", "contingent", "soldiers"],
        "internet": ["internet", "blackout", "connection", "mobile", "banks", "payments",
                     "messaging", "outage", "online", "providers"],
    },
    "ru": {
        "fuel": ["топливо", "цены", "бензин", "водители", "подорожание", "тариф", "субсидия",
                 "заправки", "автомобилисты", "стоимость"],
        "troops": ["войска", "миротворцы", "десантники", "аэропорт", "миссия", "вывод",
                   "союзники", "контингент", "солдаты", "размещение"],
        "internet": ["интернет", "отключение", "связь", "банки", "платежи", "мессенджеры",
                     "сбой", "онлайн", "провайдеры", "абоненты"],
    },
}
FRAMES = {
    "en": ("FIXTURE text number {i} for the Qantar topic tests.",
           "The officials said that the {a} and the {b} and the {c} were discussed in the city.",
           "Reporters wrote about {d}, {e} and {f} on that day.",
           "It was also about {g} and {h}."),
    "ru": ("ФИКСТУРА номер {i} для тестов тем проекта Qantar.",
           "Чиновники сказали, что {a}, {b} и {c} обсуждались в городе.",
           "Журналисты писали про {d}, {e} и {f} в тот день.",
           "Речь шла также про {g} и {h}."),
}
OUTLETS = [  # outlet_id, name, domains, country, language, owner, bloc
    ("fxtopa_en", "Fixture Topic A", "topa.example", "GB", "en", "fixture", "western"),
    ("fxtopb_en", "Fixture Topic B", "topb.example", "US", "en", "fixture", "other"),
    ("fxtopa_ru", "Fixture Topic C", "topc.example", "RU", "ru", "fixture", "ru_state"),
    ("fxtopb_ru", "Fixture Topic D", "topd.example", "RU", "ru", "fixture", "ru_independent"),
]
PER_THEME = 8  # 24 fixture articles per language


def fixture_texts(language: str, seed: int = 7) -> list[tuple[str, str]]:
    """(theme, text) pairs: each FIXTURE text draws 8 of its theme's 10 words."""
    rng = np.random.default_rng(seed)
    out = []
    i = 0
    for theme, words in THEMES[language].items():
        for _ in range(PER_THEME):
            i += 1
            w = list(rng.choice(words, size=8, replace=False))
            text = "\n".join(FRAMES[language]).format(i=i, **dict(zip("abcdefgh", w)))
            out.append((theme, text))
    return out


def _write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def build_fixture_corpus(root: Path) -> tuple[CorpusPaths, dict[str, str]]:
    """Ingest the fixture texts into a corpus at ``root``; return its paths and the planted
    theme of each article id."""
    scratch = root / "scratch"
    (scratch / "texts").mkdir(parents=True)
    rows, themes_by_url = [], {}
    start = dt.date(2022, 1, 3)
    for lang in ("en", "ru"):
        outs = [o for o in OUTLETS if o[4] == lang]
        for j, (theme, text) in enumerate(fixture_texts(lang)):
            name = f"{lang}_{j:02d}.txt"
            (scratch / "texts" / name).write_text(text, encoding="utf-8")
            o = outs[j % 2]
            url = f"https://{o[2]}/{lang}/{j}"
            themes_by_url[url] = theme
            rows.append({"file": f"texts/{name}", "url": url, "outlet_id": o[0], "language": lang,
                         "published": (start + dt.timedelta(days=j % 20)).isoformat(),
                         "date_source": "url", "genre": "news", "wire_source": "",
                         "query": "fixture topic query", "coder": "c1", "blamed": "",
                         "protesters_as": "not_discussed", "csto_stance": "not_discussed",
                         "turkic_spring": "none", "primary_frame": "other", "note": "fixture"})
    man = _write_csv(scratch / "manifest.csv", MANIFEST_COLUMNS, rows)
    outs = _write_csv(scratch / "outlets.csv", OUTLET_COLUMNS,
                      [dict(zip(OUTLET_COLUMNS, (*o, f"https://{o[2]}/about"))) for o in OUTLETS])
    qs = _write_csv(scratch / "queries.csv", QUERY_COLUMNS,
                    [{"query": "fixture topic query", "language": lang, "date_run": "2026-11-25",
                      "collector": "fixture", "results_seen": "24", "included": "24",
                      **{c: "0" for c in QUERY_COLUMNS[6:11]}, "note": "fixture"}
                     for lang in ("en", "ru")])
    paths = CorpusPaths(root / "corpus")
    Ingestor(paths, today=dt.date(2026, 11, 25)).ingest(man, outlets=outs, queries=qs)
    from analysis.corpus import load_articles
    arts = load_articles(paths)
    return paths, dict(zip(arts["article_id"], arts["url"].map(themes_by_url)))


@pytest.fixture(scope="module")
def fixture_corpus_topics(tmp_path_factory):
    return build_fixture_corpus(tmp_path_factory.mktemp("topics"))


FAST_LDA = {"passes": 10, "iterations": 50}
FAST = dict(k_grid=(2, 3, 4), seeds=(0, 1, 2, 3, 4), min_docs_per_topic=4, include_duplicates=True,
            lda_params=FAST_LDA, n_boot=200)


@pytest.fixture(scope="module")
def run_outputs(fixture_corpus_topics, tmp_path_factory):
    paths, _ = fixture_corpus_topics
    out1, out2 = tmp_path_factory.mktemp("run1"), tmp_path_factory.mktemp("run2")
    summaries = [T.run(out, paths=paths, languages=("en", "ru", "ar"), **FAST)
                 for out in (out1, out2)]
    return out1, out2, summaries


def _purity(theta: np.ndarray, themes: list[str]) -> float:
    """Share of documents whose argmax topic is their theme's topic, themes and topics matched
    one-to-one (Hungarian) -- merged themes therefore count as errors."""
    from scipy.optimize import linear_sum_assignment
    ct = pd.crosstab(theta.argmax(axis=1), np.array(themes)).to_numpy()
    r, c = linear_sum_assignment(-ct)
    return ct[r, c].sum() / len(themes)


# ------------------------------------------------------------------ models
@pytest.mark.parametrize("kind", ["lda", "nmf"])
def test_fit_returns_self_and_learned_attributes(kind, fixture_corpus_topics):
    paths, _ = fixture_corpus_topics
    meta, docs, problems = T.build_documents("en", paths=paths, include_duplicates=True)
    assert len(docs) == len(meta) == 3 * PER_THEME and not problems
    model = T.make_model(kind, 3, random_state=0, **(FAST_LDA if kind == "lda" else {}))
    assert not [a for a in vars(model) if a.endswith("_")]  # __init__ only stores params
    assert model.fit(docs) is model
    learned = {a for a in vars(model) if a.endswith("_")}
    assert {"vocabulary_", "topic_terms_", "model_", "n_docs_"} <= learned
    assert model.topic_terms_.shape == (3, len(model.vocabulary_))
    assert model.vocabulary_ == sorted(model.vocabulary_)
    np.testing.assert_allclose(model.topic_terms_.sum(axis=1), 1)
    theta = model.transform(docs)
    assert theta.shape == (len(docs), 3)
    np.testing.assert_allclose(theta.sum(axis=1), 1)
    np.testing.assert_array_equal(theta, model.transform(docs))  # transform is deterministic
    assert model.get_params()["random_state"] == 0


@pytest.mark.parametrize("kind", ["lda", "nmf"])
def test_best_restart_separates_planted_themes(kind, fixture_corpus_topics):
    """The best-fitting of five restarts (what run() reports) puts each planted theme in its own
    topic; restarts that merge two themes have a worse fit score."""
    paths, themes = fixture_corpus_topics
    for lang in ("en", "ru"):
        meta, docs, _ = T.build_documents(lang, paths=paths, include_duplicates=True)
        truth = [themes[a] for a in meta["article_id"]]
        fits = [T.make_model(kind, 3, random_state=s, **(FAST_LDA if kind == "lda" else {}))
                .fit(docs) for s in range(5)]
        scores = [m.score(docs) for m in fits]
        purities = [_purity(m.transform(docs), truth) for m in fits]
        best = int(np.argmax(scores))
        assert purities[best] == 1.0, (kind, lang, purities, scores)
        for p, sc in zip(purities, scores):
            if p < 1.0:
                assert sc < scores[best]


def test_vocabulary_filter_document_frequency():
    docs = [["a", "b", "c"], ["a", "b"], ["a", "d"], ["a", "b", "e"]]
    # a: 4/4 docs (> 50%) out; b: 3/4 out; c, d, e: 1 doc (< 2) out
    assert T.build_vocabulary(docs, 2, 0.5) == []
    assert T.build_vocabulary(docs, 1, 0.5) == ["c", "d", "e"]
    assert T.build_vocabulary(docs, 2, 0.75) == ["b"]


def test_saved_model_reloads(tmp_path, fixture_corpus_topics):
    paths, _ = fixture_corpus_topics
    _, docs, _ = T.build_documents("en", paths=paths, include_duplicates=True)
    for kind in ("lda", "nmf"):
        m = T.make_model(kind, 3, random_state=1, **(FAST_LDA if kind == "lda" else {})).fit(docs)
        folder = T.save_model(m, tmp_path / kind)
        back = T.load_model(folder)
        assert back.get_params() == m.get_params() and back.vocabulary_ == m.vocabulary_
        np.testing.assert_allclose(back.topic_terms_, m.topic_terms_, atol=1e-12)
        np.testing.assert_allclose(back.transform(docs), m.transform(docs), atol=1e-8)


# ------------------------------------------------------------------ sweep, stability, choice
def test_match_topics_recovers_permutation():
    rng = np.random.default_rng(0)
    a = rng.dirichlet(np.ones(30), size=5)
    perm = np.array([3, 0, 4, 1, 2])
    b = np.empty_like(a)
    b[perm] = a  # topic i of a is topic perm[i] of b
    got, sims = T.match_topics(a, b)
    np.testing.assert_array_equal(got, perm)
    np.testing.assert_allclose(sims, 1)
    np.testing.assert_allclose(T.topic_stability([a, b, a[::-1]]), 1)


def test_choose_k_rule_and_ties():
    sw = pd.DataFrame({"k": [2, 3, 4, 5], "c_v": [0.4, 0.6, 0.6, 0.5],
                       "c_npmi": [0.0, 0.2, 0.1, 0.1], "stability": [0.9, 0.95, 0.7, 0.6]})
    ch = T.choose_k(sw)
    assert ch["k"] == 3 and ch["rule"] == T.K_RULE and set(ch["scores"]) == {2, 3, 4, 5}
    tie = pd.DataFrame({"k": [3, 4], "c_v": [0.5, 0.6], "c_npmi": [0.2, 0.1],
                        "stability": [0.8, 0.8]})
    ch = T.choose_k(tie)
    assert ch["k"] == 3 and any("smaller K" in r for r in ch["reasons"])


def test_sweep_picks_planted_k(fixture_corpus_topics):
    paths, _ = fixture_corpus_topics
    for lang in ("en", "ru"):
        _, docs, _ = T.build_documents(lang, paths=paths, include_duplicates=True)
        for kind, params in (("lda", FAST_LDA), ("nmf", {})):
            sweep, per_seed, models = T.sweep_k(docs, kind, (2, 3, 4, 5), (0, 1, 2, 3, 4), params)
            assert list(sweep["k"]) == [2, 3, 4, 5] and len(per_seed) == 20
            assert len(models) == 20
            assert T.choose_k(sweep)["k"] == 3, (lang, kind, sweep)


def test_k_grid_is_capped_by_corpus_size():
    assert T.cap_k_grid(range(3, 11), n_docs=20, n_terms=500) == [3, 4]
    assert T.cap_k_grid(range(3, 11), n_docs=14, n_terms=500) == []
    assert T.cap_k_grid(range(3, 11), n_docs=1000, n_terms=6) == [3, 4, 5]


# ------------------------------------------------------------------ labels
def test_frex_ranks_exclusive_term_above_shared_frequent_term():
    vocab = ["shared", "exclusive", "other1", "other2", "other3", "other4"]
    beta = np.array([[0.40, 0.25, 0.15, 0.10, 0.05, 0.05],
                     [0.40, 0.00, 0.05, 0.15, 0.20, 0.20],
                     [0.40, 0.00, 0.20, 0.20, 0.10, 0.10]])
    beta[1:, 1] = 1e-4
    beta = beta / beta.sum(1, keepdims=True)
    tab = T.terms_table(beta, vocab, n=6)
    t0 = tab[tab["topic"] == 0]
    top = t0[t0["kind"] == "top"].sort_values("rank")["term"].tolist()
    fx = t0[t0["kind"] == "frex"].sort_values("rank")["term"].tolist()
    assert top.index("shared") < top.index("exclusive")  # by frequency the shared term leads
    assert fx[0] == "exclusive" and fx.index("exclusive") < fx.index("shared")
    # w = 1 is pure frequency rank, so the order then follows the weights
    f1 = T.frex(beta, w=1.0)
    assert f1[0, 0] > f1[0, 1]
    labels = T.topic_labels(tab)
    assert labels.loc[0, "topic_label"].startswith("exclusive / ")


def test_representative_articles_are_the_purest():
    theta = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.9, 0.1]])
    meta = pd.DataFrame({"article_id": ["d", "c", "b", "a"], "url": list("DCBA"),
                         "outlet_id": "o", "published": pd.Timestamp("2022-01-05")})
    rep = T.representative_articles(theta, meta, n=2)
    assert rep[rep["topic"] == 0]["article_id"].tolist() == ["a", "d"]  # ties by id
    assert rep[rep["topic"] == 1]["article_id"].tolist() == ["c", "b"]


# ------------------------------------------------------------------ prevalence
def test_bootstrap_ci_coverage_on_simulated_mixtures():
    """Coverage of the group-prevalence CIs for known group means (Dirichlet mixtures)."""
    rng = np.random.default_rng(1)
    alphas = {"g1": np.array([6.0, 3.0, 1.0]), "g2": np.array([1.0, 1.0, 4.0])}
    hits, total = 0, 0
    for rep in range(150):
        thetas, groups = [], []
        for g, a in alphas.items():
            thetas.append(rng.dirichlet(a, size=40))
            groups += [g] * 40
        meta = pd.DataFrame({"outlet_id": groups, "bloc": groups})
        res = T.group_prevalence(np.vstack(thetas), meta, groups=(("bloc", "bloc"),),
                                 n_boot=200, random_state=rep)
        for r in res.itertuples():
            true = alphas[r.group][r.topic] / alphas[r.group].sum()
            hits += r.ci_low <= true <= r.ci_high
            total += 1
    assert 0.90 <= hits / total <= 0.99


def _simulate(seed: int, alphas: dict, n: int = 80, k: int = 3, words_per_topic: int = 15,
              length: int = 80):
    """Documents drawn from known topics (disjoint vocabularies) with per-group Dirichlet
    proportions; sparse mixtures (concentration 1.5), as a lead is mostly about one or two
    things."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{t}x{j:02d}" for t in range(k) for j in range(words_per_topic)]
    phi = np.zeros((k, len(vocab)))
    for t in range(k):
        phi[t, t * words_per_topic:(t + 1) * words_per_topic] = \
            rng.dirichlet(np.ones(words_per_topic) * 5)
    docs, groups = [], []
    for g, a in alphas.items():
        for th in rng.dirichlet(a, size=n):
            z = rng.choice(k, size=length, p=th)
            docs.append([vocab[rng.choice(len(vocab), p=phi[t])] for t in z])
            groups.append(g)
    return vocab, phi, docs, groups


@pytest.mark.parametrize("kind", ["lda", "nmf"])
def test_prevalence_recovers_simulated_mixture_end_to_end(kind):
    """Documents generated from known topics and group-specific proportions: the fitted model's
    group prevalences (topics matched to the truth) have CIs covering the true group means."""
    alphas = {"western": np.array([0.9, 0.4, 0.2]), "ru_state": np.array([0.2, 0.4, 0.9])}
    for seed in (0, 1):
        vocab, phi, docs, groups = _simulate(seed, alphas)
        model = T.fit_best(kind, 3, docs, seeds=(0, 1, 2), max_df=1.0)
        cols = [model.vocabulary_.index(v) for v in vocab]
        perm, sims = T.match_topics(phi, model.topic_terms_[:, cols])
        assert sims.min() > 0.98
        theta = model.transform(docs)[:, perm]  # column t = true topic t
        meta = pd.DataFrame({"outlet_id": groups, "bloc": groups})
        res = T.group_prevalence(theta, meta, n_boot=1000, random_state=0)
        res = res[res["group_type"] == "bloc"]
        assert len(res) == 6
        for r in res.itertuples():
            true = alphas[r.group][r.topic] / alphas[r.group].sum()
            assert r.ci_low <= true <= r.ci_high, (kind, seed, r)
            assert abs(r.estimate - true) < 0.08


def test_time_prevalence_bins():
    theta = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    meta = pd.DataFrame({"published": pd.to_datetime(["2022-01-02", "2022-01-08",
                                                      "2022-01-09"])})
    tp = T.time_prevalence(theta, meta)
    days, weeks = tp[tp["freq"] == "day"], tp[tp["freq"] == "week"]
    assert days["date"].nunique() == 89 and weeks["date"].nunique() == 13
    w1 = weeks[weeks["date"] == "2022-01-02"].set_index("topic")
    assert w1.loc[0, "n"] == 2 and w1.loc[0, "estimate"] == pytest.approx(0.5)
    w2 = weeks[weeks["date"] == "2022-01-09"].set_index("topic")
    assert w2.loc[1, "estimate"] == pytest.approx(0.5) and w2.loc[1, "n"] == 1
    assert days[days["date"] == "2022-01-03"]["estimate"].isna().all()
    assert weeks["date"].max() == "2022-03-27"


# ------------------------------------------------------------------ run()
def test_run_writes_every_table(run_outputs, fixture_corpus_topics):
    out, _, (summary, _) = run_outputs
    paths, _ = fixture_corpus_topics
    assert set(summary["languages"]) == {"en", "ru"}
    assert "ar" in summary["skipped"] and "0 articles" in summary["skipped"]["ar"]
    for lang in ("en", "ru"):
        for kind in ("lda", "nmf"):
            d = out / lang / kind
            assert sorted(p.name for p in d.iterdir()) == sorted(T.OUTPUT_FILES)
            sweep = pd.read_csv(d / "sweep.csv")
            assert list(sweep.columns[:6]) == ["language", "model", "k", "c_v", "c_npmi",
                                               "stability"]
            choice = pd.read_json(d / "choice.json", typ="series")
            assert choice["k"] in (2, 3, 4) and choice["rule"] == T.K_RULE
            assert choice["n_docs"] == 3 * PER_THEME and choice["seeds"] == [0, 1, 2, 3, 4]
            assert "gensim" in choice["versions"]
            k = choice["k"]
            terms = pd.read_csv(d / "terms.csv")
            assert set(terms["kind"]) == {"top", "frex"} and terms["topic"].nunique() == k
            labels = pd.read_csv(d / "labels.csv")
            assert len(labels) == k and labels["topic_label"].str.count(" / ").eq(2).all()
            pa = pd.read_csv(d / "prevalence_articles.csv")
            assert list(pa.columns) == ["language", "model", "article_id", "topic", "weight"]
            np.testing.assert_allclose(pa.groupby("article_id")["weight"].sum(), 1, atol=1e-4)
            pg = pd.read_csv(d / "prevalence_groups.csv")
            assert set(pg["group_type"]) == {"outlet", "bloc"}
            assert (pg["ci_low"] <= pg["estimate"] + 1e-9).all()
            assert (pg["estimate"] <= pg["ci_high"] + 1e-9).all()
            pt = pd.read_csv(d / "prevalence_time.csv")
            assert set(pt["freq"]) == {"day", "week"}
            rep = pd.read_csv(d / "representative.csv")
            assert rep["url"].str.startswith("https://").all()
            assert (out / "models" / f"{lang}_{kind}" / "params.json").exists()
    # the fitted model on disk reproduces the written proportions
    model = T.load_model(out / "models" / "en_lda")
    meta, docs, _ = T.build_documents("en", paths=paths, include_duplicates=True)
    pa = pd.read_csv(out / "en" / "lda" / "prevalence_articles.csv")
    got = pa.pivot(index="article_id", columns="topic", values="weight").loc[meta["article_id"]]
    np.testing.assert_allclose(got.to_numpy(), model.transform(docs), rtol=1e-5, atol=1e-6)


def test_run_is_byte_identical(run_outputs):
    out1, out2, (s1, s2) = run_outputs
    files1 = sorted(p.relative_to(out1) for p in out1.rglob("*") if p.is_file())
    files2 = sorted(p.relative_to(out2) for p in out2.rglob("*") if p.is_file())
    assert files1 == files2 and len(files1) > 20
    for f in files1:
        assert (out1 / f).read_bytes() == (out2 / f).read_bytes(), f
    assert s1 == s2


def test_run_planted_themes_in_labels(run_outputs, fixture_corpus_topics):
    out, _, _ = run_outputs
    for kind in ("lda", "nmf"):
        choice = pd.read_json(out / "en" / kind / "choice.json", typ="series")
        assert choice["k"] == 3
        labels = pd.read_csv(out / "en" / kind / "labels.csv")
        found = set()
        for label in labels["topic_label"]:
            terms = set(label.split(" / "))
            for theme, words in THEMES["en"].items():
                stems = {T.TokenProcessor("en").term(w) for w in words}
                if terms <= stems:
                    found.add(theme)
        assert found == set(THEMES["en"]), labels
