import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fixtures import scratch  # noqa: E402

from analysis.ingest import Ingestor  # noqa: E402
from analysis.paths import CorpusPaths  # noqa: E402


@pytest.fixture
def corpus_paths(tmp_path, monkeypatch) -> CorpusPaths:
    """An empty corpus folder; QANTAR_CORPUS points at it for the code under test."""
    root = tmp_path / "corpus"
    root.mkdir()
    monkeypatch.setenv("QANTAR_CORPUS", str(root))
    return CorpusPaths(root)


@pytest.fixture
def fixture_corpus(tmp_path, corpus_paths) -> CorpusPaths:
    """A corpus holding the fixture texts of tests/fixtures.py, ingested by the real ingest."""
    man, outs, qs = scratch(tmp_path / "scratch")
    Ingestor(corpus_paths, today=dt.date(2026, 11, 25)).ingest(man, outlets=outs, queries=qs)
    return corpus_paths
