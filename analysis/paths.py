"""Every path the project reads or writes, in one place.

``QANTAR_CORPUS`` overrides the corpus folder (tests point it at a temporary copy)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "analysis"
LEXICON = PACKAGE / "lexicon"
RESULTS = ROOT / "results"
FIGURES = ROOT / "figures"
NOTEBOOKS = ROOT / "notebooks"
REPORT = ROOT / "report"
FONTS = ROOT / "report" / "fonts"
CACHE = ROOT / ".cache"


def corpus_dir() -> Path:
    return Path(os.environ.get("QANTAR_CORPUS", ROOT / "corpus"))


class CorpusPaths:
    """The files of one corpus folder (the real one, or a test copy)."""

    def __init__(self, root: Path | str | None = None):
        self.root = Path(root) if root is not None else corpus_dir()

    @property
    def outlets(self) -> Path:
        return self.root / "outlets.csv"

    @property
    def articles(self) -> Path:
        return self.root / "articles.csv"

    @property
    def codes(self) -> Path:
        return self.root / "codes.csv"

    @property
    def queries(self) -> Path:
        return self.root / "queries.csv"

    @property
    def adjudication(self) -> Path:
        return self.root / "adjudication.csv"

    @property
    def features(self) -> Path:
        return self.root / "features"

    @property
    def features_full(self) -> Path:
        return self.root / "features_full"

    @property
    def lock(self) -> Path:
        return self.root / ".lock"

    def feature_file(self, article_id: str, full: bool = False) -> Path:
        return (self.features_full if full else self.features) / f"{article_id}.jsonl"
