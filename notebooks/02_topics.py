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
# # 2. Topics and the cross-language concept layer
# Topic models are fitted per language (gensim LDA and scikit-learn NMF) by
# `python -m analysis topics`; K is chosen by coherence and seed stability. The concept layer maps
# words in every language onto shared concepts so blocs writing in different languages can be
# compared on the same axes.

# %% tags=["parameters"]
results_dir = "results"
language = "en"
model = "lda"

# %%
from analysis.figures import BLOC_ORDER, plot_heatmap, plot_topic_terms, setup
from analysis.notebook import load_json, load_table, load_topic_table

setup()
sweep = load_topic_table(results_dir, "sweep")
sweep[(sweep["language"] == language) & (sweep["model"] == model)]

# %%
load_json(results_dir, f"topics/{language}/{model}/choice.json")

# %%
terms = load_topic_table(results_dir, "terms")
plot_topic_terms(terms, language, model);

# %%
labels = load_topic_table(results_dir, "labels")
labels[(labels["language"] == language) & (labels["model"] == model)]

# %%
prev = load_topic_table(results_dir, "prevalence_groups")
bloc_prev = prev[(prev["language"] == language) & (prev["model"] == model) & (prev["group_type"] == "bloc")]
plot_heatmap(bloc_prev.assign(topic="topic " + bloc_prev["topic"].astype(str)), "group", "topic",
             row_order=BLOC_ORDER, title=f"Topic prevalence by bloc - {language}, {model}");

# %% [markdown]
# Arabic topics, shaped by matplotlib itself:

# %%
plot_topic_terms(terms, "ar", model);

# %% [markdown]
# The concept layer across all languages:

# %%
concepts = load_table(results_dir, "concepts/prevalence.csv")
plot_heatmap(concepts[concepts["group_type"] == "bloc"], "group", "concept", row_order=BLOC_ORDER,
             title="Share of articles mentioning each concept, by bloc", annotate_ci=False);
