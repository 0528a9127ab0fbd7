"""The claim audit. Al-Marjie (almarjie-paris.com/19386) says AKP-aligned media called the unrest
a "Turkic spring" and that a Kazakh mafia boss met Turkey's foreign minister before it. This traces
both claims through the corpus: who states, repeats, reports, rebuts or uses each, when, citing
whom - from the hand codes and the phrase/concept evidence, never from text.

Claims:
- ``turkic_spring``: the label (hand code ``turkic_spring`` != none, or a TURKIC_SPRING phrase hit).
- ``mafia_meeting``: a sentence where organised crime (MAFIA) and Turkey (TURKEY) co-occur.
Roles, from the hand codes: ``uses`` (turkic_spring=uses_term: the outlet itself applies the
label), ``rebuts`` (rebuts_claim), ``originates`` / ``repeats`` (Turkey blamed in the outlet's own
voice: the earliest such article originates, later ones repeat), ``reports`` (reports_claim or
Turkey blamed as reported), ``mentions`` (only lexical evidence, no coded stance).
"""
from __future__ import annotations

import re

import pandas as pd

from .corpus import SentenceCorpus
from .lexicon import default_lexicon
from .paths import CorpusPaths
from .schema import parse_blamed

ORIGIN_URL = "almarjie-paris.com/19386"
PROVENANCE_COLUMNS = ["claim", "article_id", "url", "outlet_id", "outlet", "bloc", "language",
                      "published", "date_source", "role", "evidence", "cites"]


def _cites(note: str) -> str:
    m = re.search(r"\bcites?\b[:\s]+([^;.]*)", note or "", flags=re.I)
    return m.group(1).strip() if m else ""


def claim_evidence(articles: pd.DataFrame, paths: CorpusPaths | None = None) -> pd.DataFrame:
    """Per article and claim, the lexical evidence found in the stored sentences."""
    lex = default_lexicon()
    lang = dict(zip(articles["article_id"], articles["language"]))
    rows = set()
    for sent in SentenceCorpus(articles["article_id"].tolist(), paths):
        cs = lex.sentence_concepts(sent.bag, sent.hits, lang[sent.article_id])
        if "TURKIC_SPRING" in cs:
            rows.add((sent.article_id, "turkic_spring", "phrase"))
        if {"MAFIA", "TURKEY"} <= cs:
            rows.add((sent.article_id, "mafia_meeting", "mafia+turkey sentence"))
    return pd.DataFrame(sorted(rows), columns=["article_id", "claim", "evidence"])


def provenance(articles: pd.DataFrame, codes: pd.DataFrame,
               paths: CorpusPaths | None = None) -> pd.DataFrame:
    ev = claim_evidence(articles, paths)
    a = articles.set_index("article_id")
    c = codes.set_index("article_id")
    items: dict[tuple[str, str], dict] = {}
    for r in ev.itertuples():
        items[(r.claim, r.article_id)] = {"evidence": r.evidence}
    for aid, code in c.iterrows():
        if aid in a.index and code["turkic_spring"] != "none":
            d = items.setdefault(("turkic_spring", aid), {"evidence": ""})
            d["evidence"] = ";".join(filter(None, [d["evidence"], f"code:{code['turkic_spring']}"]))
    rows = []
    for (claim, aid), d in items.items():
        if aid not in a.index or aid not in c.index:
            continue
        code = c.loc[aid]
        ts = code["turkic_spring"]
        turkey = parse_blamed(code["blamed"]).get("turkey")
        if claim == "turkic_spring" and ts == "uses_term":
            role = "uses"
        elif ts == "rebuts_claim":
            role = "rebuts"
        elif turkey == "endorsed":
            role = "states"
        elif ts == "reports_claim" or turkey == "reported":
            role = "reports"
        else:
            role = "mentions"
        art = a.loc[aid]
        rows.append({"claim": claim, "article_id": aid, "url": art["url"],
                     "outlet_id": art["outlet_id"], "outlet": art["outlet"], "bloc": art["bloc"],
                     "language": art["language"], "published": art["published"].date().isoformat(),
                     "date_source": art["date_source"],
                     "role": role, "evidence": d["evidence"], "cites": _cites(code["note"])})
    df = pd.DataFrame(rows, columns=PROVENANCE_COLUMNS)
    if df.empty:
        return df
    df = df.sort_values(["claim", "published", "article_id"]).reset_index(drop=True)
    # Who originates: the earliest article stating the claim in its own voice. A text-bound date
    # (terminus post quem) cannot establish priority over an exactly dated article that is
    # later than the bound, so the earliest *exactly* dated one wins unless a bound-dated one is
    # the only stater.
    for claim, sub in df.groupby("claim"):
        stating = sub[sub["role"] == "states"]
        if len(stating):
            exact = stating[stating["date_source"] != "text_bound"]
            first = (exact if len(exact) else stating).index[0]
            df.loc[stating.index, "role"] = "repeats"
            df.loc[first, "role"] = "originates"
    return df


def summary(prov: pd.DataFrame, articles: pd.DataFrame, queries: pd.DataFrame) -> dict:
    """What the evidence says, as numbers the report reads."""
    out: dict = {"origin_in_corpus": bool(articles["url"].str.contains(ORIGIN_URL, regex=False).any())}
    progov = articles[articles["bloc"] == "tr_progov"]
    uses = prov[(prov["role"] == "uses")] if len(prov) else prov
    out["progov_articles"] = int(len(progov))
    out["progov_outlets"] = int(progov["outlet_id"].nunique())
    out["progov_using_term"] = int(uses["bloc"].eq("tr_progov").sum()) if len(uses) else 0
    out["any_outlet_using_term"] = int(len(uses))
    out["using_term_outlets"] = sorted(set(uses["outlet_id"])) if len(uses) else []
    term_q = queries[queries["query"].str.contains(r"(?i)türk bahar|turkic spring|الربيع التركي|тюркск",
                                                   regex=True)]
    out["term_queries_run"] = int(len(term_q))
    out["term_queries_results_seen"] = int(term_q["results_seen"].astype(int).sum()) if len(term_q) else 0
    for claim in ("turkic_spring", "mafia_meeting"):
        sub = prov[prov["claim"] == claim] if len(prov) else prov
        out[claim] = {
            "articles": int(len(sub)),
            "roles": {k: int(v) for k, v in sub["role"].value_counts().sort_index().items()} if len(sub) else {},
            "first_date": sub["published"].min() if len(sub) else None,
            "last_date": sub["published"].max() if len(sub) else None,
            "blocs": sorted(set(sub["bloc"])) if len(sub) else [],
        }
    return out
