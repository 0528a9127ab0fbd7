"""Writing results: deterministic CSV/JSON (sorted rows, fixed float format), atomically."""
from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path

import pandas as pd

FLOAT_FORMAT = "%.6g"


def _atomic_write(path: Path, data: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(data)
    os.replace(tmp, path)
    return path


def write_table(df: pd.DataFrame, path: Path, sort: list[str] | None = None) -> Path:
    if sort:
        df = df.sort_values(sort, kind="mergesort")
    return _atomic_write(Path(path), df.to_csv(index=False, float_format=FLOAT_FORMAT,
                                               lineterminator="\n"))


def _clean(o):
    if isinstance(o, float):
        return None if math.isnan(o) else float(f"{o:.6g}")
    if isinstance(o, dict):
        return {str(k): _clean(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [_clean(v) for v in o]
    if hasattr(o, "item"):  # numpy scalars
        return _clean(o.item())
    return o


def write_json(obj, path: Path) -> Path:
    return _atomic_write(Path(path), json.dumps(_clean(obj), ensure_ascii=False, indent=2,
                                                sort_keys=True) + "\n")


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def read_json(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def read_tables(folder: Path, pattern: str) -> pd.DataFrame:
    """Concatenate every CSV under ``folder`` matching ``pattern`` (e.g. ``*/*/terms.csv``)."""
    files = sorted(Path(folder).glob(pattern))
    if not files:
        return pd.DataFrame()
    return pd.concat([read_table(f) for f in files], ignore_index=True)
