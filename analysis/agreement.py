"""Agreement between two codings: per-actor precision/recall/F1 and Krippendorff's alpha, for
measure-vs-hand validation and for coder-vs-coder reliability."""
from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support

from .schema import CODE_VARIABLES, parse_blamed


def alpha_nominal(a: list, b: list) -> float:
    """Krippendorff's alpha (nominal) for two coders; NaN when undefined (no variation at all)."""
    values = sorted({*a, *b}, key=str)
    if len(values) < 2:
        return float("nan")
    idx = {v: i for i, v in enumerate(values)}
    data = np.array([[idx[x] for x in a], [idx[x] for x in b]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


def measure_agreement(pred: pd.DataFrame, gold: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Per actor and voice: support, precision, recall, F1 and alpha of ``pred`` vs ``gold``.

    Both are long 0/1 tables ``article_id, actor, endorsed, reported, any``; only actors present
    in ``pred`` are scored."""
    m = gold.merge(pred, on=["article_id", "actor"], suffixes=("_gold", "_pred"))
    rows = []
    for (actor,), sub in m.groupby(["actor"], sort=True):
        for voice in ("any", "endorsed", "reported"):
            g, p = sub[f"{voice}_gold"].to_numpy(), sub[f"{voice}_pred"].to_numpy()
            prec, rec, f1, _ = precision_recall_fscore_support(g, p, average="binary",
                                                               zero_division=0)
            rows.append({"measure": measure, "actor": actor, "voice": voice,
                         "support": int(g.sum()), "predicted": int(p.sum()), "n": len(g),
                         "precision": prec, "recall": rec, "f1": f1,
                         "alpha": alpha_nominal(list(g), list(p))})
    return pd.DataFrame(rows)


def coder_reliability(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Alpha per coded variable between two coders on the articles both coded (blamed split into
    one 3-valued variable per actor: none/endorsed/reported, pooled as ``blamed``)."""
    m = first.merge(second, on="article_id", suffixes=("_1", "_2"))
    rows = []
    for v in CODE_VARIABLES:
        if v == "blamed":
            a, b = [], []
            from .schema import ACTORS
            for x, y in zip(m["blamed_1"], m["blamed_2"]):
                bx, by = parse_blamed(x), parse_blamed(y)
                for actor in ACTORS:
                    a.append(f"{actor}:{bx.get(actor, 'none')}")
                    b.append(f"{actor}:{by.get(actor, 'none')}")
            agree = float(np.mean([x == y for x, y in zip(a, b)])) if a else float("nan")
        else:
            a, b = list(m[f"{v}_1"]), list(m[f"{v}_2"])
            agree = float(np.mean([x == y for x, y in zip(a, b)])) if a else float("nan")
        rows.append({"variable": v, "n_articles": len(m), "alpha": alpha_nominal(a, b),
                     "percent_agreement": agree})
    return pd.DataFrame(rows)
