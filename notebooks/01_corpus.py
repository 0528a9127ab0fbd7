# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 1. The corpus
# What Qantar collected: real articles on Kazakhstan's January 2022 unrest, stored as
# non-consumptive features (no text). Everything here is read from `results/corpus/`, which
# `python -m analysis summary` writes from the corpus files.

# %% tags=["parameters"]
results_dir = "results"

# %%
from analysis.figures import plot_volume, setup
from analysis.notebook import load_json, load_table

setup()
summary = load_json(results_dir, "corpus/summary.json")
{k: summary[k] for k in ("articles", "outlets", "blocs", "languages", "first_date", "last_date")}

# %% [markdown]
# Articles by language and bloc (outlets in brackets in the second table):

# %%
coverage = load_table(results_dir, "corpus/coverage_language_bloc.csv")
coverage.pivot_table(index="bloc", columns="language", values="articles", fill_value=0, aggfunc="sum")

# %%
coverage.pivot_table(index="bloc", columns="language", values="outlets", fill_value=0, aggfunc="sum")

# %% [markdown]
# Coverage over time, with the key events marked:

# %%
plot_volume(load_table(results_dir, "corpus/daily_volume.csv"));

# %% [markdown]
# How the sample was drawn: queries run, results seen and why results were excluded.

# %%
{k: summary[k] for k in ("queries_run", "query_results_seen", "query_excluded", "near_duplicates",
                         "wire_credited", "via_mirror", "by_genre", "by_date_source")}
