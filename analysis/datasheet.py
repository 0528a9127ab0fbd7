"""The corpus datasheet (corpus/README.md): its prose is written by hand; the block between the
GENERATED markers is rebuilt from the corpus files by ``python -m analysis datasheet`` (counts by
language and bloc, by bloc x language x week, the query log totals, coder reliability)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .paths import RESULTS, ROOT
from .results import read_json, read_table

BEGIN = "<!-- BEGIN GENERATED: python -m analysis datasheet -->"
END = "<!-- END GENERATED -->"


def _md(df: pd.DataFrame) -> str:
    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(str(x) for x in row) + " |")
    return "\n".join(lines)


def generated_block(results: Path = RESULTS) -> str:
    s = read_json(results / "corpus" / "summary.json")
    cov = read_table(results / "corpus" / "coverage_language_bloc.csv")
    lb = cov.pivot_table(index="bloc", columns="language", values="articles", fill_value=0,
                         aggfunc="sum")
    lb["total"] = lb.sum(axis=1)
    lb["outlets"] = cov.groupby("bloc")["outlets"].sum()
    lb.loc["total"] = lb.sum()
    lb.loc["total", "outlets"] = s["outlets"]
    week = read_table(results / "corpus" / "coverage_bloc_language_week.csv")
    wk = week.pivot_table(index=["bloc", "language"], columns="week", values="articles",
                          fill_value=0, aggfunc="sum")
    parts = [BEGIN, "",
             f"**{s['articles']} articles** from **{s['outlets']} outlets** in **{s['blocs']} blocs** "
             f"and {s['countries']} countries, published {s['first_date']} to {s['last_date']} "
             f"({100 * s['share_2_20_jan']:.0f}% in 2-20 January); languages: "
             + ", ".join(f"{k} {v}" for k, v in s["languages"].items()) + ".",
             "",
             f"Text seen: {s['chars_total']:,} characters in {s['sentences_total']:,} sentences "
             f"(median {s['chars_median']:.0f} characters per article). Dates from: "
             + ", ".join(f"{k} {v}" for k, v in s["by_date_source"].items())
             + ". Genres: " + ", ".join(f"{k} {v}" for k, v in s["by_genre"].items()) + ".",
             "",
             f"Syndication: {s['near_duplicates']} near-duplicate leads linked by `duplicate_of`; "
             f"{s['wire_credited']} credit a wire agency; {s['via_mirror']} were found on a mirror "
             "or repost host (`via`).",
             "",
             f"Sampling: {s['queries_run']} logged queries, {s['query_results_seen']} results seen; "
             "excluded: " + ", ".join(f"{k} {v}" for k, v in s["query_excluded"].items()) + ".",
             "", "### Articles by bloc and language", "", _md(lb.reset_index()), "",
             "### Articles by bloc, language and week (week starting)", "",
             _md(wk.reset_index()), ""]
    if s.get("double_coded"):
        rel = read_table(results / "corpus" / "reliability.csv")
        parts += ["### Coder reliability (blind double coding)", "",
                  f"{s['double_coded']} articles coded blind by a second coder; Krippendorff's "
                  "alpha (nominal) and raw agreement per variable (`blamed` is scored per actor "
                  "as none / endorsed / reported):", "",
                  _md(rel.round(3)), ""]
    else:
        parts += ["### Coder reliability", "", "No blind second coding recorded yet.", ""]
    parts.append(END)
    return "\n".join(parts)


def update(readme: Path = ROOT / "corpus" / "README.md", results: Path = RESULTS) -> Path:
    text = readme.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        raise ValueError(f"{readme} lacks the GENERATED markers")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(head + generated_block(results) + tail, encoding="utf-8")
    return readme
