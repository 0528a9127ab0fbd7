"""Are the committed results, figures, notebooks and report up to date with the code and corpus?

The inputs digest is a SHA-256 over the contents of every input of the pipeline (corpus files,
lexicons, analysis code, notebook sources, the report template, the pinned requirements), in path
order. ``values`` records it in results/values.json (and the report prints it); a test recomputes
it on a fresh clone, where file times mean nothing but contents do."""
from __future__ import annotations

import hashlib
from pathlib import Path

from .paths import ROOT

INPUT_GLOBS = ("corpus/*.csv", "corpus/codebook.md", "corpus/features/*.jsonl",
               "analysis/*.py", "analysis/lexicon/*.csv", "notebooks/[0-9][0-9]_*.py",
               "report/template.typ", "requirements.lock.txt")


def input_files(root: Path = ROOT) -> list[Path]:
    files: set[Path] = set()
    for g in INPUT_GLOBS:
        files.update(p for p in root.glob(g) if p.is_file())
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def inputs_digest(root: Path = ROOT) -> str:
    h = hashlib.sha256()
    for p in input_files(root):
        h.update(p.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()
