"""Small statistics shared by the analyses: bootstrap confidence intervals over articles for
group means, returned as tidy long tables."""
from __future__ import annotations

import numpy as np
import pandas as pd


def bootstrap_group_means(df: pd.DataFrame, value_cols: list[str], group_col: str,
                          n_boot: int = 1000, ci: float = 0.95,
                          random_state: int = 0) -> pd.DataFrame:
    """Mean of each ``value_cols`` column per group with a percentile bootstrap CI.

    Articles are resampled with replacement within each group (the article is the unit).
    Returns columns: ``group_col, variable, estimate, ci_low, ci_high, n``.
    """
    rng = np.random.default_rng(random_state)
    alpha = (1 - ci) / 2
    rows = []
    for group, sub in df.groupby(group_col, sort=True):
        x = sub[value_cols].to_numpy(dtype=float)
        n = len(x)
        idx = rng.integers(0, n, size=(n_boot, n))
        boots = x[idx].mean(axis=1)  # (n_boot, n_vars)
        lo, hi = np.quantile(boots, [alpha, 1 - alpha], axis=0)
        est = x.mean(axis=0)
        for j, v in enumerate(value_cols):
            rows.append({group_col: group, "variable": v, "estimate": est[j],
                         "ci_low": lo[j], "ci_high": hi[j], "n": n})
    return pd.DataFrame(rows, columns=[group_col, "variable", "estimate", "ci_low", "ci_high", "n"])
