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
# # 4. Auditing the "Turkic spring" claim
# Al-Marjie (Paris) wrote that Turkey's AKP-aligned media called the unrest a "Turkic spring" and
# that a Kazakh mafia boss met Turkey's foreign minister before it. `python -m analysis audit`
# traces both claims through the corpus from the hand codes and phrase evidence.

# %% tags=["parameters"]
results_dir = "results"

# %%
from analysis.figures import plot_audit, setup
from analysis.notebook import load_json, load_table

setup()
load_json(results_dir, "audit/summary.json")

# %%
provenance = load_table(results_dir, "audit/provenance.csv")
provenance[["claim", "published", "outlet_id", "bloc", "language", "role", "evidence", "cites"]]

# %%
plot_audit(provenance);
