"""Figures. Every plotting function takes tidy tables (never the corpus) and returns a matplotlib
Figure; :func:`save` writes PNG + PDF byte-stably (Agg, fixed metadata). :func:`build_all` reads
the results folder and writes ``figures/`` plus ``figures/figures.json`` (caption, n and the
function that made each figure) for the report."""
from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from scipy.cluster.hierarchy import dendrogram  # noqa: E402

from .arabic import for_renderer, has_arabic  # noqa: E402
from .paths import FIGURES, FONTS, RESULTS  # noqa: E402
from .results import read_json, read_table, read_tables  # noqa: E402

EVENTS = [("2022-01-02", "Zhanaozen LPG protests"),
          ("2022-01-05", "Govt resigns; CSTO asked"),
          ("2022-01-07", "'Shoot without warning'"),
          ("2022-01-11", "Turkic States summit"),
          ("2022-01-13", "CSTO withdrawal starts")]
ARABIC_FONT = "Amiri"
BLOC_ORDER = ["tr_progov", "tr_opposition", "ru_state", "ru_independent", "kz_state",
              "kz_independent", "arab_sa_uae_eg", "arab_qatar_aligned", "arab_other", "iran_axis",
              "western", "china_state", "other"]
VOICE_COLORS = {"endorsed": "#b2182b", "reported": "#ef8a62"}
ROLE_MARKERS = {"originates": "*", "repeats": "o", "reports": "s", "rebuts": "X", "uses": "D",
                "mentions": "."}


def setup() -> None:
    for f in sorted(FONTS.glob("*.ttf")):
        font_manager.fontManager.addfont(str(f))
    plt.rcParams.update({
        "font.family": ["DejaVu Sans", ARABIC_FONT], "font.size": 9, "axes.titlesize": 10,
        "pdf.fonttype": 42, "svg.hashsalt": "qantar", "figure.dpi": 100,
        "axes.spines.top": False, "axes.spines.right": False,
    })


def label(text: str) -> str:
    return for_renderer(str(text), "matplotlib")


def _text_kwargs(text: str) -> dict:
    return {"fontfamily": ARABIC_FONT} if has_arabic(text) else {}


def save(fig, name: str, out: Path = FIGURES) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.png", out / f"{name}.pdf"]
    fig.savefig(paths[0], dpi=150, bbox_inches="tight", metadata={"Software": None})
    fig.savefig(paths[1], bbox_inches="tight",
                metadata={"Creator": None, "Producer": None, "CreationDate": None})
    plt.close(fig)
    return paths


def _blocs(present) -> list[str]:
    return [b for b in BLOC_ORDER if b in set(present)]


# ------------------------------------------------------------------ plotting functions
def plot_volume(daily: pd.DataFrame, events=EVENTS):
    """Articles per day by bloc (stacked), 2 Jan - 31 Jan, key events marked."""
    d = daily.copy()
    d["date"] = pd.to_datetime(d["date"])
    wide = d.pivot_table(index="date", columns="bloc", values="articles", aggfunc="sum",
                         fill_value=0)
    days = pd.date_range("2022-01-01", "2022-01-31")
    wide = wide.reindex(days, fill_value=0)[_blocs(wide.columns)]
    fig, ax = plt.subplots(figsize=(9, 4))
    cmap = plt.get_cmap("tab20")
    bottom = np.zeros(len(wide))
    for i, b in enumerate(wide.columns):
        ax.bar(wide.index, wide[b], bottom=bottom, color=cmap(i), label=b, width=0.85)
        bottom += wide[b].to_numpy()
    top = bottom.max() if len(bottom) else 1
    for day, text in events:
        x = pd.Timestamp(day)
        ax.axvline(x, color="black", lw=0.7, ls="--")
        ax.text(x, top * 1.5, text, rotation=90, va="top", ha="right", fontsize=7)
    ax.set_ylabel("articles per day")
    ax.set_ylim(0, top * 1.55)
    ax.legend(ncol=2, fontsize=7, loc="upper right", frameon=False)
    later = int(daily.loc[pd.to_datetime(daily["date"]) > "2022-01-31", "articles"].sum())
    ax.set_title(f"Coverage volume by bloc, January 2022 (n={int(daily['articles'].sum())}; "
                 f"{later} later articles not shown)")
    fig.autofmt_xdate()
    return fig


def plot_heatmap(table: pd.DataFrame, row: str, col: str, value: str = "estimate",
                 title: str = "", row_order=None, col_order=None, annotate_ci: bool = True):
    """Heatmap of a tidy table (e.g. prevalence by bloc), CI range printed in each cell."""
    wide = table.pivot_table(index=row, columns=col, values=value, aggfunc="first")
    if row_order is not None:
        wide = wide.reindex([r for r in row_order if r in wide.index])
    if col_order is not None:
        wide = wide[[c for c in col_order if c in wide.columns]]
    fig, ax = plt.subplots(figsize=(1.1 + 0.62 * len(wide.columns), 1.0 + 0.36 * len(wide.index)))
    im = ax.imshow(wide.to_numpy(dtype=float), cmap="Blues", aspect="auto", vmin=0)
    ax.set_xticks(range(len(wide.columns)),
                  [label(c) for c in wide.columns], rotation=60, ha="right")
    ax.set_yticks(range(len(wide.index)), [label(r) for r in wide.index])
    if annotate_ci and {"ci_low", "ci_high"} <= set(table.columns):
        lo = table.pivot_table(index=row, columns=col, values="ci_low", aggfunc="first").reindex_like(wide)
        hi = table.pivot_table(index=row, columns=col, values="ci_high", aggfunc="first").reindex_like(wide)
        vmax = np.nanmax(wide.to_numpy(dtype=float)) or 1
        for i in range(len(wide.index)):
            for j in range(len(wide.columns)):
                v = wide.iat[i, j]
                if np.isnan(v):
                    continue
                ax.text(j, i, f"{v:.2f}\n[{lo.iat[i, j]:.2f},{hi.iat[i, j]:.2f}]", ha="center",
                        va="center", fontsize=5.5, color="white" if v > 0.6 * vmax else "black")
    fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
    ax.set_title(title)
    ax.spines[:].set_visible(False)
    return fig


def plot_topic_terms(terms: pd.DataFrame, language: str, model: str, n_terms: int = 8):
    """One panel per topic: top terms and weights (Arabic shaped by matplotlib >= 3.11)."""
    t = terms[(terms["language"] == language) & (terms["model"] == model) & (terms["kind"] == "top")]
    topics = sorted(t["topic"].unique())
    ncol = min(4, max(1, len(topics)))
    nrow = int(np.ceil(len(topics) / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(2.6 * ncol, 2.1 * nrow), squeeze=False)
    for ax in axes.flat:
        ax.set_visible(False)
    for ax, k in zip(axes.flat, topics):
        ax.set_visible(True)
        sub = t[t["topic"] == k].sort_values("rank").head(n_terms)[::-1]
        ax.barh(range(len(sub)), sub["weight"], color="#4575b4")
        ax.set_yticks(range(len(sub)), [label(x) for x in sub["term"]])
        for tick, x in zip(ax.get_yticklabels(), sub["term"]):
            if has_arabic(x):
                tick.set_fontfamily(ARABIC_FONT)
                tick.set_fontsize(10)
        ax.set_title(f"topic {k}", fontsize=8)
        ax.tick_params(axis="x", labelsize=6)
    fig.suptitle(f"Top terms per topic - {language}, {model.upper()}")
    fig.tight_layout()
    return fig


def plot_blame_profiles(profiles: pd.DataFrame, measure: str, min_n: int = 5, top_actors: int = 8):
    """Share of a bloc's articles blaming each actor, endorsed vs reported, with 95% CIs (any)."""
    p = profiles[(profiles["measure"] == measure) & (profiles["group_type"] == "bloc")
                 & (profiles["n"] >= min_n)]
    anyv = p[p["voice"] == "any"]
    actors = (anyv.groupby("actor")["estimate"].mean().sort_values(ascending=False)
              .head(top_actors).index.tolist())
    blocs = _blocs(p["group"])
    fig, axes = plt.subplots(1, len(actors), figsize=(1.7 * len(actors) + 1.5, 0.32 * len(blocs) + 1.4),
                             sharey=True, squeeze=False)
    y = np.arange(len(blocs))
    for ax, actor in zip(axes[0], actors):
        left = np.zeros(len(blocs))
        for voice in ("endorsed", "reported"):
            v = p[(p["actor"] == actor) & (p["voice"] == voice)].set_index("group").reindex(blocs)
            ax.barh(y, v["estimate"].fillna(0), left=left, color=VOICE_COLORS[voice],
                    label=voice, height=0.7)
            left += v["estimate"].fillna(0).to_numpy()
        a = anyv[anyv["actor"] == actor].set_index("group").reindex(blocs)
        ax.errorbar(a["estimate"], y, xerr=[a["estimate"] - a["ci_low"], a["ci_high"] - a["estimate"]],
                    fmt="none", ecolor="black", elinewidth=0.7, capsize=1.5)
        ax.set_title(actor.replace("_", " "), fontsize=8)
        ax.set_xlim(0, 1)
        ax.tick_params(axis="x", labelsize=6)
    ns = p[(p["voice"] == "any")].groupby("group")["n"].first().reindex(blocs)
    axes[0][0].set_yticks(y, [f"{b} (n={int(n)})" for b, n in zip(blocs, ns)])
    axes[0][0].invert_yaxis()
    axes[0][-1].legend(fontsize=7, frameon=False, loc="lower right")
    fig.suptitle(f"Whom each bloc blames ({measure} measure; bars endorsed + reported, "
                 "whiskers 95% bootstrap CI of any blame)")
    fig.tight_layout()
    return fig


def plot_outlet_tree(tree: dict, title: str):
    """Dendrogram of outlets (average linkage on Jensen-Shannon distances), leaves by bloc."""
    link = np.array(tree["linkage"])
    fig, ax = plt.subplots(figsize=(7, 0.18 * len(tree["leaves"]) + 1.2))
    cmap = plt.get_cmap("tab20")
    color = {b: cmap(i) for i, b in enumerate(BLOC_ORDER)}
    dendrogram(link, labels=[f"{n} [{b}]" for n, b in zip(tree["leaves"], tree["blocs"])],
               orientation="left", ax=ax, color_threshold=0, above_threshold_color="grey",
               leaf_font_size=6)
    bloc_of = dict(zip([f"{n} [{b}]" for n, b in zip(tree["leaves"], tree["blocs"])], tree["blocs"]))
    for t in ax.get_yticklabels():
        t.set_color(color.get(bloc_of.get(t.get_text()), "black"))
    ax.set_xlabel("Jensen-Shannon distance")
    ax.set_title(title)
    return fig


def plot_validation(validation: pd.DataFrame, min_support: int = 5):
    """F1 and Krippendorff's alpha per actor for each automated measure vs the hand codes."""
    v = validation[(validation["voice"] == "any") & (validation["support"] >= min_support)]
    actors = sorted(v["actor"].unique())
    measures = sorted(v["measure"].unique())
    fig, axes = plt.subplots(1, 2, figsize=(9, 0.35 * len(actors) + 1.4), sharey=True)
    y = np.arange(len(actors))
    for ax, metric in zip(axes, ("f1", "alpha")):
        for i, m in enumerate(measures):
            s = v[v["measure"] == m].set_index("actor").reindex(actors)
            ax.barh(y + (i - 0.5) * 0.38, s[metric], height=0.36, label=m)
        ax.set_title(metric if metric == "f1" else "Krippendorff's alpha")
        ax.axvline(0, color="black", lw=0.5)
        ax.set_xlim(min(0, v[metric].min() - 0.05), 1)
    sup = v.groupby("actor")["support"].first().reindex(actors)
    axes[0].set_yticks(y, [f"{a} ({int(s)})" for a, s in zip(actors, sup)])
    axes[0].invert_yaxis()
    axes[1].legend(frameon=False, fontsize=7)
    fig.suptitle("Agreement of automated blame measures with hand codes (any blame; "
                 "hand-coded positives in brackets)")
    fig.tight_layout()
    return fig


def plot_audit(prov: pd.DataFrame):
    """Timeline of the claim audit: each article carrying a claim, by date and outlet, by role."""
    fig, ax = plt.subplots(figsize=(8, 0.32 * max(3, prov["outlet_id"].nunique()) + 1.3))
    if prov.empty:
        ax.text(0.5, 0.5, "no article in the corpus carries either claim", ha="center",
                transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    p = prov.copy()
    p["published"] = pd.to_datetime(p["published"])
    outlets = (p.sort_values("published").drop_duplicates("outlet_id")["outlet_id"].tolist())
    y = {o: i for i, o in enumerate(outlets)}
    colors = {"turkic_spring": "#d95f02", "mafia_meeting": "#7570b3"}
    for (claim, role), sub in p.groupby(["claim", "role"]):
        ax.scatter(sub["published"], [y[o] + (0.12 if claim == "mafia_meeting" else 0) for o in sub["outlet_id"]],
                   marker=ROLE_MARKERS.get(role, "o"), s=60, color=colors.get(claim, "grey"),
                   label=f"{claim}: {role}", edgecolor="black", linewidth=0.4)
    bloc = dict(zip(p["outlet_id"], p["bloc"]))
    ax.set_yticks(range(len(outlets)), [f"{o} [{bloc[o]}]" for o in outlets])
    ax.invert_yaxis()
    ax.legend(fontsize=7, frameon=False, bbox_to_anchor=(1.01, 1), loc="upper left")
    ax.set_title(f"Claim audit: who carried the 'Turkic spring' / mafia-meeting claims, when (n={len(p)})")
    fig.autofmt_xdate()
    return fig


# ------------------------------------------------------------------ building all figures
def build_all(results: Path = RESULTS, out: Path = FIGURES) -> dict:
    setup()
    made: dict[str, dict] = {}

    def record(name, fig, function, caption, n):
        save(fig, name, out)
        made[name] = {"function": f"analysis.figures.{function}", "caption": caption, "n": int(n),
                      "png": f"{name}.png", "pdf": f"{name}.pdf"}

    daily = read_table(results / "corpus" / "daily_volume.csv")
    record("volume_by_bloc", plot_volume(daily), "plot_volume",
           "Articles per day and bloc in January 2022, with the key events marked.",
           daily["articles"].sum())
    conc = read_table(results / "concepts" / "prevalence.csv")
    cb = conc[conc["group_type"] == "bloc"]
    keep = ["TURKEY", "RUSSIA", "US_WEST", "CHINA", "TERRORISM", "FOREIGN_INTERFERENCE",
            "COLOUR_REVOLUTION", "ECON_GRIEVANCE", "NAZARBAYEV", "MASIMOV", "CSTO", "GULEN",
            "ISLAMISTS", "MAFIA", "COUP", "TURKIC_WORLD", "TURKIC_SPRING", "HUMAN_RIGHTS",
            "SHOOT_TO_KILL"]
    n_art = int(cb.groupby("group")["n"].first().sum())
    record("concepts_by_bloc",
           plot_heatmap(cb[cb["concept"].isin(keep)], "group", "concept",
                        title="Share of articles mentioning each concept, by bloc",
                        row_order=BLOC_ORDER, col_order=keep),
           "plot_heatmap", "Cross-language concept layer: share of each bloc's articles that "
           "mention a concept (lexicon, all languages), with 95% bootstrap CIs.", n_art)
    topics = results / "topics"
    terms = read_tables(topics, "*/*/terms.csv")
    if len(terms):
        prev = read_tables(topics, "*/*/prevalence_groups.csv")
        for lang in sorted(terms["language"].unique()):
            for model in sorted(terms[terms["language"] == lang]["model"].unique()):
                nd = prev[(prev["language"] == lang) & (prev["model"] == model) &
                          (prev["group_type"] == "bloc")].groupby("group")["n"].first().sum()
                record(f"topic_terms_{lang}_{model}", plot_topic_terms(terms, lang, model),
                       "plot_topic_terms", f"Top terms of each {model.upper()} topic for "
                       f"{lang} articles.", nd)
                pb = prev[(prev["language"] == lang) & (prev["model"] == model) &
                          (prev["group_type"] == "bloc")].copy()
                pb["topic"] = "topic " + pb["topic"].astype(str)
                record(f"topic_prevalence_{lang}_{model}",
                       plot_heatmap(pb, "group", "topic", row_order=BLOC_ORDER,
                                    title=f"Topic prevalence by bloc - {lang}, {model.upper()}"),
                       "plot_heatmap", f"Mean {model.upper()} topic proportion of {lang} articles "
                       "per bloc, with 95% bootstrap CIs.", nd)
    choice = read_json(results / "blame" / "choice.json")
    prof = read_table(results / "blame" / "profiles.csv")
    for measure in ("hand", choice["chosen"]):
        record(f"blame_by_bloc_{measure}", plot_blame_profiles(prof, measure), "plot_blame_profiles",
               f"Share of each bloc's articles that blame each actor ({measure}), split into "
               "endorsed and reported blame, with 95% bootstrap CIs.",
               prof[(prof["measure"] == measure) & (prof["group_type"] == "bloc")
                    & (prof["voice"] == "any")].groupby("group")["n"].first().sum())
    val = read_table(results / "blame" / "validation.csv")
    record("validation", plot_validation(val), "plot_validation",
           "Per-actor F1 and Krippendorff's alpha of the lexicon and supervised blame measures "
           "against the hand codes (out-of-fold for the supervised measure).",
           val["n"].max())
    for name in ("blame", "concepts"):
        f = results / "compare" / f"outlet_tree_{name}.json"
        if f.exists():
            tree = read_json(f)
            record(f"outlet_tree_{name}", plot_outlet_tree(tree, f"Outlets clustered by their "
                   f"{name} profiles (>= {tree['min_articles']} articles)"), "plot_outlet_tree",
                   f"Average-linkage clustering of outlets on Jensen-Shannon distances between "
                   f"their {name} profiles; leaf labels give the bloc.", len(tree["leaves"]))
    prov = read_table(results / "audit" / "provenance.csv")
    record("claim_audit", plot_audit(prov), "plot_audit",
           "Every corpus article carrying the 'Turkic spring' label or the mafia-boss meeting "
           "claim, by date and outlet; marker = role (originates, repeats, reports, rebuts, uses).",
           len(prov))
    (out / "figures.json").write_text(json.dumps(made, indent=2, sort_keys=True) + "\n",
                                      encoding="utf-8")
    return made
