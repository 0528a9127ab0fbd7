"""What notebooks need beyond plotting: reading results, and executing the jupytext notebooks
headless (nbclient) into committed ``.ipynb`` files."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .paths import NOTEBOOKS, ROOT
from .results import read_json, read_table, read_tables


def load_table(results_dir: str | Path, name: str) -> pd.DataFrame:
    return read_table(ROOT / results_dir / name)


def load_topic_table(results_dir: str | Path, name: str) -> pd.DataFrame:
    """One topic-model table (``terms``, ``labels``, ``sweep`` ...) across languages and models."""
    return read_tables(ROOT / results_dir / "topics", f"*/*/{name}.csv")


def load_json(results_dir: str | Path, name: str):
    return read_json(ROOT / results_dir / name)


def execute(source: Path, output: Path | None = None, timeout: int = 600,
            parameters: dict | None = None) -> Path:
    """Convert a py:percent notebook and execute it with nbclient; any cell error raises.

    ``parameters`` overrides assignments in the cell tagged ``parameters`` (papermill-style: a new
    cell is inserted right after it)."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    nb = jupytext.read(source)
    if parameters:
        idx = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        code = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
        nb.cells.insert(idx + 1, nbformat.v4.new_code_cell(code, metadata={"tags": ["injected-parameters"]}))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"  # stable ids: no random churn in the committed .ipynb
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}, record_timing=False)
    client.execute()
    nb.metadata.pop("widgets", None)
    output = output or source.with_suffix(".ipynb")
    nbformat.write(nb, output)
    return output


def notebook_sources() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
