"""Comparisons between blocs and outlets: blame profiles with bootstrap CIs, omnibus and pairwise
tests of bloc differences with Benjamini-Hochberg correction, Jensen-Shannon distances between
outlets and their hierarchical clustering."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import jensenshannon, squareform
from scipy.stats import chi2_contingency, false_discovery_control, fisher_exact

from .stats import bootstrap_group_means


def blame_profiles(blame: pd.DataFrame, articles: pd.DataFrame, measure: str,
                   n_boot: int = 1000, random_state: int = 0) -> pd.DataFrame:
    """Share of articles blaming each actor, per outlet and per bloc, by voice, with CIs.

    Columns: measure, group_type, group, actor, voice, estimate, ci_low, ci_high, n."""
    wide = blame.pivot_table(index="article_id", columns="actor",
                             values=["endorsed", "reported", "any"], fill_value=0)
    wide.columns = [f"{voice}|{actor}" for voice, actor in wide.columns]
    df = articles[["article_id", "outlet_id", "bloc"]].merge(wide.reset_index(), on="article_id")
    out = []
    cols = list(wide.columns)
    for group_type, col in (("bloc", "bloc"), ("outlet", "outlet_id")):
        t = bootstrap_group_means(df, cols, col, n_boot=n_boot, random_state=random_state)
        t = t.rename(columns={col: "group"})
        t[["voice", "actor"]] = t["variable"].str.split("|", expand=True)
        t["group_type"] = group_type
        out.append(t.drop(columns="variable"))
    res = pd.concat(out, ignore_index=True)
    res.insert(0, "measure", measure)
    return res[["measure", "group_type", "group", "actor", "voice", "estimate", "ci_low",
                "ci_high", "n"]].sort_values(["group_type", "group", "actor", "voice"]).reset_index(drop=True)


def bloc_tests(blame: pd.DataFrame, articles: pd.DataFrame, voice: str = "any",
               min_bloc_n: int = 5, n_perm: int = 2000, random_state: int = 0,
               alpha: float = 0.05) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Do blocs differ in whom they blame?

    Omnibus per actor: chi-square statistic of bloc x blamed, p-value by permutation of bloc
    labels (exact enough for sparse tables). Pairwise per actor and bloc pair: Fisher's exact
    test. Benjamini-Hochberg over all actors (omnibus) and over all pairs (pairwise)."""
    rng = np.random.default_rng(random_state)
    df = blame[["article_id", "actor", voice]].merge(articles[["article_id", "bloc"]],
                                                     on="article_id")
    sizes = articles["bloc"].value_counts()
    keep = sorted(sizes[sizes >= min_bloc_n].index)
    df = df[df["bloc"].isin(keep)]
    omni, pair = [], []
    for actor, sub in df.groupby("actor", sort=True):
        y = sub[voice].to_numpy()
        blocs = sub["bloc"].to_numpy()
        if y.sum() == 0 or y.sum() == len(y) or len(keep) < 2:
            continue
        codes = pd.Categorical(blocs, categories=keep).codes

        def stat(c):
            table = np.zeros((len(keep), 2))
            np.add.at(table, (c, y), 1)
            table = table[table.sum(axis=1) > 0]
            return chi2_contingency(table, correction=False)[0]

        observed = stat(codes)
        perms = np.array([stat(rng.permutation(codes)) for _ in range(n_perm)])
        p = (1 + (perms >= observed - 1e-12).sum()) / (n_perm + 1)
        omni.append({"actor": actor, "voice": voice, "chi2": observed, "p_perm": p,
                     "n": len(y), "n_blocs": len(keep), "n_blamed": int(y.sum())})
        for b1, b2 in itertools.combinations(keep, 2):
            y1, y2 = y[blocs == b1], y[blocs == b2]
            table = [[y1.sum(), len(y1) - y1.sum()], [y2.sum(), len(y2) - y2.sum()]]
            _, pf = fisher_exact(table)
            pair.append({"actor": actor, "voice": voice, "bloc_a": b1, "bloc_b": b2,
                         "share_a": y1.mean(), "share_b": y2.mean(), "n_a": len(y1),
                         "n_b": len(y2), "p": pf})
    omni_df = pd.DataFrame(omni, columns=["actor", "voice", "chi2", "p_perm", "n", "n_blocs",
                                          "n_blamed"])
    pair_df = pd.DataFrame(pair, columns=["actor", "voice", "bloc_a", "bloc_b", "share_a",
                                          "share_b", "n_a", "n_b", "p"])
    for d, col in ((omni_df, "p_perm"), (pair_df, "p")):
        if len(d):
            q = false_discovery_control(d[col].to_numpy(), method="bh")
            d["q_bh"], d["significant"] = q, q < alpha
        else:
            d["q_bh"], d["significant"] = [], []
    return omni_df, pair_df


def js_distances(profiles: pd.DataFrame, group_col: str, feature_col: str,
                 weight_col: str) -> pd.DataFrame:
    """Pairwise Jensen-Shannon distance (base 2) between groups' normalised profiles.

    ``profiles`` is long (group, feature, weight). Returns tidy ``a, b, distance``."""
    wide = profiles.pivot_table(index=group_col, columns=feature_col, values=weight_col,
                                fill_value=0.0).sort_index()
    mat = wide.to_numpy(dtype=float) + 1e-9
    mat = mat / mat.sum(axis=1, keepdims=True)
    names = list(wide.index)
    rows = []
    for i, j in itertools.combinations(range(len(names)), 2):
        rows.append({"a": names[i], "b": names[j],
                     "distance": float(jensenshannon(mat[i], mat[j], base=2))})
    return pd.DataFrame(rows, columns=["a", "b", "distance"])


def cluster(distances: pd.DataFrame, method: str = "average") -> tuple[list[str], np.ndarray]:
    """Hierarchical clustering of a tidy distance table: (leaf names, scipy linkage matrix)."""
    names = sorted(set(distances["a"]) | set(distances["b"]))
    idx = {n: i for i, n in enumerate(names)}
    sq = np.zeros((len(names), len(names)))
    for r in distances.itertuples():
        sq[idx[r.a], idx[r.b]] = sq[idx[r.b], idx[r.a]] = r.distance
    return names, linkage(squareform(sq, checks=False), method=method)
