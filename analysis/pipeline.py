"""The study's steps. Each ``run_*`` reads the corpus (and earlier steps' results) and writes its
results under ``results/<step>/`` deterministically; ``python -m analysis <step>`` and the Makefile
call them. Numbers for the report are gathered by :func:`run_values` into ``results/values.json``."""
from __future__ import annotations

import platform
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema as S
from .freshness import inputs_digest
from .paths import RESULTS, CorpusPaths
from .results import read_json, read_table, write_json, write_table

N_BOOT = 1000
SEED = 0
MIN_OUTLET_ARTICLES = 3
LIBRARIES = ("numpy", "pandas", "scipy", "scikit-learn", "gensim", "matplotlib", "pyarabic",
             "snowballstemmer", "pymorphy3", "stopwordsiso", "krippendorff", "datasketch",
             "trafilatura", "typst", "arabic-reshaper", "python-bidi", "jupytext", "nbclient")


def versions() -> dict:
    out = {"python": platform.python_version()}
    for lib in LIBRARIES:
        try:
            out[lib] = metadata.version(lib)
        except metadata.PackageNotFoundError:
            out[lib] = None
    return out


def _load(paths: CorpusPaths | None, include_duplicates: bool = True):
    from .corpus import load_articles, load_codes
    arts = load_articles(paths, include_duplicates=include_duplicates)
    codes = load_codes(paths)
    return arts, codes


# ---------------------------------------------------------------- corpus summary
def run_summary(out: Path = RESULTS / "corpus", paths: CorpusPaths | None = None) -> dict:
    from .agreement import coder_reliability
    from .corpus import load_codes
    from .store import read_table as read_corpus_table
    paths = paths or CorpusPaths()
    arts, codes = _load(paths)
    queries = pd.DataFrame(read_corpus_table(paths.queries, "queries"))
    arts["week"] = arts["published"].dt.to_period("W-SUN").dt.start_time.dt.date.astype(str)
    lb = (arts.groupby(["language", "bloc"]).agg(articles=("article_id", "size"),
                                                  outlets=("outlet_id", "nunique")).reset_index())
    write_table(lb, out / "coverage_language_bloc.csv", sort=["language", "bloc"])
    blw = arts.groupby(["bloc", "language", "week"]).size().rename("articles").reset_index()
    write_table(blw, out / "coverage_bloc_language_week.csv", sort=["bloc", "language", "week"])
    daily = arts.assign(date=arts["published"].dt.date.astype(str)).groupby(
        ["date", "bloc"]).size().rename("articles").reset_index()
    write_table(daily, out / "daily_volume.csv", sort=["date", "bloc"])
    outlets = (arts.groupby(["outlet_id", "outlet", "bloc", "country", "language"])
               .size().rename("articles").reset_index())
    write_table(outlets, out / "outlets.csv", sort=["bloc", "outlet_id"])
    q = queries.copy()
    for c in S.QUERY_COUNTS:
        q[c] = q[c].astype(int)
    summary = {
        "articles": int(len(arts)), "outlets": int(arts["outlet_id"].nunique()),
        "blocs": int(arts["bloc"].nunique()), "countries": int(arts["country"].nunique()),
        "languages": {k: int(v) for k, v in arts["language"].value_counts().sort_index().items()},
        "by_bloc": {k: int(v) for k, v in arts["bloc"].value_counts().sort_index().items()},
        "by_genre": {k: int(v) for k, v in arts["genre"].value_counts().sort_index().items()},
        "by_date_source": {k: int(v) for k, v in arts["date_source"].value_counts().sort_index().items()},
        "first_date": arts["published"].min().date().isoformat() if len(arts) else None,
        "last_date": arts["published"].max().date().isoformat() if len(arts) else None,
        "share_2_20_jan": float(arts["published"].between("2022-01-02", "2022-01-20").mean()) if len(arts) else None,
        "near_duplicates": int((arts["duplicate_of"] != "").sum()),
        "wire_credited": int((arts["wire_source"] != "").sum()),
        "via_mirror": int((arts["via"] != "").sum()),
        "chars_median": float(arts["n_chars"].median()) if len(arts) else None,
        "chars_total": int(arts["n_chars"].sum()),
        "sentences_total": int(arts["n_sentences"].sum()),
        "queries_run": int(len(q)),
        "query_results_seen": int(q["results_seen"].sum()) if len(q) else 0,
        "query_excluded": {c.replace("excl_", ""): int(q[c].sum()) for c in S.QUERY_COUNTS[2:]} if len(q) else {},
        "coded_c1": int(len(codes)),
    }
    c2 = load_codes(paths, coder="c2")
    summary["double_coded"] = int(len(c2))
    if len(c2):
        rel = coder_reliability(load_codes(paths, coder="c1"), c2)
        write_table(rel, out / "reliability.csv", sort=["variable"])
        summary["reliability"] = {r.variable: r.alpha for r in rel.itertuples()}
    write_json(summary, out / "summary.json")
    return summary


# ---------------------------------------------------------------- concepts
def run_concepts(out: Path = RESULTS / "concepts", paths: CorpusPaths | None = None) -> None:
    from .concepts import article_concepts, concept_prevalence, concept_timeline
    arts, _ = _load(paths)
    ac = article_concepts(arts, paths)
    write_table(ac, out / "article_concepts.csv", sort=["article_id", "concept"])
    write_table(concept_prevalence(ac, arts, n_boot=N_BOOT, random_state=SEED),
                out / "prevalence.csv", sort=["group_type", "group", "concept"])
    write_table(concept_timeline(ac, arts), out / "timeline.csv", sort=["bloc", "date", "concept"])


# ---------------------------------------------------------------- blame + validation
def run_blame(out: Path = RESULTS / "blame", paths: CorpusPaths | None = None) -> dict:
    from .agreement import measure_agreement
    from .blame import LexiconBlame, SupervisedBlame, hand_blame
    from .compare import blame_profiles, bloc_tests
    arts, codes = _load(paths)
    arts = arts[arts["article_id"].isin(codes["article_id"])].reset_index(drop=True)
    hand = hand_blame(codes[codes["article_id"].isin(arts["article_id"])])
    lexm = LexiconBlame().fit()
    sents = lexm.sentences(arts, paths)
    lex = lexm.predict(arts, paths)
    sup = SupervisedBlame(random_state=SEED).fit(arts, hand, paths)
    oof = sup.predict_oof()
    write_table(hand, out / "hand.csv", sort=["article_id", "actor"])
    write_table(sents, out / "lexicon_sentences.csv", sort=["article_id", "s", "actor"])
    write_table(lex, out / "lexicon.csv", sort=["article_id", "actor"])
    write_table(oof, out / "supervised.csv", sort=["article_id", "actor"])
    write_table(sup.top_features(), out / "supervised_features.csv", sort=["actor", "voice", "rank"])

    val = pd.concat([measure_agreement(lex.drop(columns="rebutted"), hand, "lexicon"),
                     measure_agreement(oof, hand, "supervised")], ignore_index=True)
    write_table(val, out / "validation.csv", sort=["measure", "actor", "voice"])
    # Choose on the actors both measures can score, with >= 5 hand-coded positives ("any" voice).
    scored = set(oof["actor"].unique())
    sub = val[(val["voice"] == "any") & (val["actor"].isin(scored)) & (val["support"] >= 5)]
    means = sub.groupby("measure")[["f1", "alpha"]].mean()
    chosen = means["f1"].idxmax() if len(means) else "lexicon"
    choice = {"chosen": chosen, "rule": "higher mean F1 (voice=any) over actors with >= 5 "
              "hand-coded positives that both measures score",
              "actors_compared": sorted(sub["actor"].unique()),
              "mean_f1": means["f1"].to_dict(), "mean_alpha": means["alpha"].to_dict(),
              "n_articles": int(len(arts)), "supervised_params": sup.get_params(),
              "lexicon_params": lexm.get_params()}
    write_json(choice, out / "choice.json")

    measures = {"hand": hand, "lexicon": lex.drop(columns="rebutted"), "supervised": oof}
    prof = pd.concat([blame_profiles(m, arts, name, n_boot=N_BOOT, random_state=SEED)
                      for name, m in measures.items()], ignore_index=True)
    write_table(prof, out / "profiles.csv", sort=["measure", "group_type", "group", "actor", "voice"])
    omni_all, pair_all = [], []
    for name in ("hand", chosen):
        for voice in ("any", "endorsed"):
            o, p = bloc_tests(measures[name], arts, voice=voice, random_state=SEED)
            omni_all.append(o.assign(measure=name))
            pair_all.append(p.assign(measure=name))
    write_table(pd.concat(omni_all, ignore_index=True), out / "bloc_tests.csv",
                sort=["measure", "voice", "actor"])
    write_table(pd.concat(pair_all, ignore_index=True), out / "bloc_pairs.csv",
                sort=["measure", "voice", "actor", "bloc_a", "bloc_b"])
    return choice


# ---------------------------------------------------------------- outlet distances
def run_compare(out: Path = RESULTS / "compare", paths: CorpusPaths | None = None) -> None:
    """Outlet-to-outlet Jensen-Shannon distances on blame and concept profiles + clustering."""
    from .compare import cluster, js_distances
    arts, _ = _load(paths)
    counts = arts["outlet_id"].value_counts()
    keep = set(counts[counts >= MIN_OUTLET_ARTICLES].index)
    choice = read_json(RESULTS / "blame" / "choice.json")
    prof = read_table(RESULTS / "blame" / "profiles.csv")
    prof = prof[(prof["measure"] == choice["chosen"]) & (prof["group_type"] == "outlet")
                & (prof["voice"] == "any") & prof["group"].isin(keep)]
    conc = read_table(RESULTS / "concepts" / "prevalence.csv")
    conc = conc[(conc["group_type"] == "outlet") & conc["group"].isin(keep)]
    bloc_of = dict(zip(arts["outlet_id"], arts["bloc"]))
    for name, table, feat in (("blame", prof, "actor"), ("concepts", conc, "concept")):
        d = js_distances(table, "group", feat, "estimate")
        write_table(d, out / f"outlet_distance_{name}.csv", sort=["a", "b"])
        if len(d):
            names, link = cluster(d)
            write_json({"leaves": names, "blocs": [bloc_of[n] for n in names],
                        "linkage": link.tolist(), "method": "average",
                        "min_articles": MIN_OUTLET_ARTICLES}, out / f"outlet_tree_{name}.json")


# ---------------------------------------------------------------- claim audit
def run_audit(out: Path = RESULTS / "audit", paths: CorpusPaths | None = None) -> dict:
    from .audit import provenance, summary
    from .store import read_table as read_corpus_table
    paths = paths or CorpusPaths()
    arts, codes = _load(paths)
    prov = provenance(arts, codes, paths)
    write_table(prov, out / "provenance.csv", sort=["claim", "published", "article_id"])
    queries = pd.DataFrame(read_corpus_table(paths.queries, "queries"))
    s = summary(prov, arts, queries)
    write_json(s, out / "summary.json")
    return s


# ---------------------------------------------------------------- values for the report
def run_values(out: Path = RESULTS / "values.json") -> dict:
    """Every number the report prints, read from the results files."""
    v: dict = {"corpus": read_json(RESULTS / "corpus" / "summary.json"),
               "audit": read_json(RESULTS / "audit" / "summary.json"),
               "blame_choice": read_json(RESULTS / "blame" / "choice.json"),
               "versions": versions(), "seed": SEED, "n_boot": N_BOOT,
               "inputs_digest": inputs_digest()}
    topics_dir = RESULTS / "topics"
    v["topics"] = {}
    for f in sorted(topics_dir.glob("*/*/choice.json")):
        d = read_json(f)
        v["topics"][f"{f.parent.parent.name}_{f.parent.name}"] = d
    val = read_table(RESULTS / "blame" / "validation.csv")
    ch = v["blame_choice"]["chosen"]
    best = val[(val["measure"] == ch) & (val["voice"] == "any") & (val["support"] >= 5)]
    v["validation"] = {r.actor: {"f1": r.f1, "alpha": r.alpha, "support": int(r.support)}
                       for r in best.itertuples()}
    tests = read_table(RESULTS / "blame" / "bloc_tests.csv")
    sig = tests[(tests["measure"] == ch) & (tests["voice"] == "any") & (tests["significant"])]
    v["bloc_differences"] = {"actors_tested": int(((tests["measure"] == ch) & (tests["voice"] == "any")).sum()),
                             "significant": sorted(sig["actor"])}
    prof = read_table(RESULTS / "blame" / "profiles.csv")
    bl = prof[(prof["measure"] == ch) & (prof["group_type"] == "bloc") & (prof["voice"] == "any")]
    v["top_blamed_by_bloc"] = {}
    for bloc, sub in bl.groupby("group"):
        top = sub.sort_values(["estimate", "actor"], ascending=[False, True]).iloc[0]
        v["top_blamed_by_bloc"][bloc] = {"actor": top["actor"], "share": top["estimate"],
                                         "ci_low": top["ci_low"], "ci_high": top["ci_high"],
                                         "n": int(top["n"])}
    write_json(v, out)
    return v
