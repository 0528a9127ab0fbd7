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
# # 3. Who is blamed, and how well we can measure it
# `python -m analysis blame` measures blame two ways (a transparent lexicon rule and an
# out-of-fold supervised classifier), validates both against the hand codes, and keeps endorsed
# and reported blame apart throughout.

# %% tags=["parameters"]
results_dir = "results"
min_support = 5

# %%
from analysis.figures import plot_blame_profiles, plot_validation, setup
from analysis.notebook import load_json, load_table

setup()
choice = load_json(results_dir, "blame/choice.json")
{k: choice[k] for k in ("chosen", "rule", "mean_f1", "mean_alpha", "n_articles")}

# %%
validation = load_table(results_dir, "blame/validation.csv")
plot_validation(validation, min_support=min_support);

# %%
validation[(validation["voice"] == "any") & (validation["support"] >= min_support)].round(3)

# %% [markdown]
# Blame profiles by bloc: hand codes, then the chosen automated measure.

# %%
profiles = load_table(results_dir, "blame/profiles.csv")
plot_blame_profiles(profiles, "hand");

# %%
plot_blame_profiles(profiles, choice["chosen"]);

# %% [markdown]
# Which blocs differ in whom they blame (permutation chi-square per actor, Benjamini-Hochberg q):

# %%
tests = load_table(results_dir, "blame/bloc_tests.csv")
tests.round(4)

# %%
pairs = load_table(results_dir, "blame/bloc_pairs.csv")
pairs[pairs["significant"]].round(4)
