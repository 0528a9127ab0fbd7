"""Ingest: features written, text never written, refusals with file+row, atomicity."""
import datetime as dt
import json
import os

import pytest
from fixtures import FIXTURE_TEXTS, manifest_row, scratch, write_csv

from analysis.errors import ValidationFailed
from analysis.ingest import Ingestor
from analysis.schema import MANIFEST_COLUMNS
from analysis.store import read_table
from analysis.validate import validate

TODAY = dt.date(2026, 11, 25)


def corpus_bytes(paths):
    return {p.relative_to(paths.root): p.read_bytes()
            for p in sorted(paths.root.rglob("*")) if p.is_file() and p.name != ".lock"}


def test_ingest_writes_features_not_text(fixture_corpus):
    arts = read_table(fixture_corpus.articles, "articles")
    assert len(arts) == len(FIXTURE_TEXTS)
    assert validate(fixture_corpus) == []
    blob = b"".join(corpus_bytes(fixture_corpus).values()).decode("utf-8")
    for _, _, _, text in FIXTURE_TEXTS.values():
        for line in text.splitlines():
            assert line not in blob                       # no sentence survives
            assert " ".join(line.split()[:5]) not in blob  # not even five words in order
    first = fixture_corpus.feature_file(arts[0]["article_id"]).read_text().splitlines()
    for line in first[1:]:
        s = json.loads(line)
        assert s["bag"] == sorted(s["bag"]) and s["hits"] == sorted(s["hits"])


def test_phrase_hits_recorded_before_order_is_destroyed(fixture_corpus):
    arts = {a["url"].rsplit("/", 1)[1]: a for a in read_table(fixture_corpus.articles, "articles")}
    lines = fixture_corpus.feature_file(arts["ar_turkic"]["article_id"]).read_text().splitlines()
    hits = [h for line in lines[1:] for h in json.loads(line)["hits"]]
    assert "TURKIC_SPRING:الربيع_التركي" in hits


def test_rerun_is_idempotent(tmp_path, fixture_corpus):
    before = corpus_bytes(fixture_corpus)
    man, outs, qs = scratch(tmp_path / "scratch")  # same texts again
    res = Ingestor(fixture_corpus, today=TODAY).ingest(man, outlets=outs, queries=qs)
    assert res["added"] == 0 and res["skipped"] == len(FIXTURE_TEXTS)
    assert corpus_bytes(fixture_corpus) == before


@pytest.mark.parametrize("override,message", [
    ({"outlet_id": "nosuch_en"}, "unknown outlet 'nosuch_en'"),
    ({"published": "2022-13-01"}, "month must be in 1..12"),
    ({"published": "07/01/2022"}, "is not YYYY-MM-DD"),
    ({"published": "2021-12-30"}, "outside the study window"),
    ({"language": "tr"}, "differs from outlet"),
    ({"date_source": "guess"}, "date_source"),
    ({"blamed": "martians:endorsed"}, "unknown actor 'martians'"),
    ({"primary_frame": "vibes"}, "primary_frame='vibes'"),
    ({"query": "never logged"}, "not in the query log"),
    ({"url": "not a url"}, "is not an http(s) URL"),
])
def test_refusals_name_file_and_row(tmp_path, fixture_corpus, override, message):
    before = corpus_bytes(fixture_corpus)
    (tmp_path / "s" / "texts").mkdir(parents=True)
    (tmp_path / "s" / "texts" / "n.txt").write_text(
        "FIXTURE: A new text written for this test about the Almaty unrest and the CSTO troops.\n"
        "It has enough words to be a lead, and it is not article text.", encoding="utf-8")
    row = manifest_row("en_turkey", "texts/n.txt", url="https://west.example/new-one")
    row.update(override)
    man = write_csv(tmp_path / "s" / "batch.csv", MANIFEST_COLUMNS, [row])
    with pytest.raises(ValidationFailed) as e:
        Ingestor(fixture_corpus, today=TODAY).ingest(man)
    assert f"{man} row 2 (texts/n.txt)" in str(e.value) and message in str(e.value)
    assert corpus_bytes(fixture_corpus) == before


def test_wrong_language_empty_and_broken_encoding(tmp_path, corpus_paths):
    s = tmp_path / "s"
    man, outs, qs = scratch(s, keys=["en_turkey", "ru_west", "tr_gulen"])
    (s / "texts" / "en_turkey.txt").write_text(FIXTURE_TEXTS["tr_gulen"][3], encoding="utf-8")
    (s / "texts" / "ru_west.txt").write_text("  \n ", encoding="utf-8")
    (s / "texts" / "tr_gulen.txt").write_bytes(FIXTURE_TEXTS["tr_gulen"][3].encode("cp1254"))
    with pytest.raises(ValidationFailed) as e:
        Ingestor(corpus_paths, today=TODAY).ingest(man, outlets=outs, queries=qs)
    msg = str(e.value)
    assert "row 2 (texts/en_turkey.txt): language is 'en' but the text looks like 'tr'" in msg
    assert "row 3 (texts/ru_west.txt): text is empty" in msg
    assert "row 4 (texts/tr_gulen.txt)" in msg and "not valid UTF-8" in msg
    assert not corpus_paths.articles.exists()


def test_duplicates_refused(tmp_path, fixture_corpus):
    s = tmp_path / "s"
    man, _, _ = scratch(s, keys=["en_turkey"])
    # same URL, different text
    (s / "texts" / "en_turkey.txt").write_text(FIXTURE_TEXTS["en_rebut"][3] + " Changed.",
                                               encoding="utf-8")
    with pytest.raises(ValidationFailed, match="URL already in the corpus"):
        Ingestor(fixture_corpus, today=TODAY).ingest(man)
    # same text, different URL
    (s / "texts" / "en_turkey.txt").write_text(FIXTURE_TEXTS["en_turkey"][3], encoding="utf-8")
    man = write_csv(s / "m2.csv", MANIFEST_COLUMNS,
                    [manifest_row("en_turkey", "texts/en_turkey.txt", url="https://west.example/x")])
    with pytest.raises(ValidationFailed, match="same text is already in the corpus"):
        Ingestor(fixture_corpus, today=TODAY).ingest(man)


def test_malformed_manifest_header(tmp_path, corpus_paths):
    bad = tmp_path / "bad.csv"
    bad.write_text("file,url\nx.txt,https://a.example/\n", encoding="utf-8")
    from analysis.errors import InputError
    with pytest.raises(InputError, match=r"bad.csv row 1: missing column"):
        Ingestor(corpus_paths, today=TODAY).ingest(bad)


def test_failure_mid_write_leaves_corpus_unchanged(tmp_path, fixture_corpus, monkeypatch):
    before = corpus_bytes(fixture_corpus)
    s = tmp_path / "s"
    (s / "texts").mkdir(parents=True)
    (s / "texts" / "n.txt").write_text(
        "FIXTURE: Another lead written for the atomicity test about Almaty and the CSTO.\n"
        "Protesters gathered in the square in this invented sentence for tests.", encoding="utf-8")
    man = write_csv(s / "b.csv", MANIFEST_COLUMNS,
                    [manifest_row("en_turkey", "texts/n.txt", url="https://west.example/atomic")])
    real_replace, calls = os.replace, {"n": 0}

    def flaky(src, dst):
        calls["n"] += 1
        if calls["n"] == 3:  # features and outlets swapped in, then the crash
            raise OSError("disk full (simulated)")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError, match="simulated"):
        Ingestor(fixture_corpus, today=TODAY).ingest(man)
    monkeypatch.setattr(os, "replace", real_replace)
    assert corpus_bytes(fixture_corpus) == before
    assert not list(fixture_corpus.root.rglob("*.new")) and not list(fixture_corpus.root.rglob("*.bak"))


def test_near_duplicates_linked_to_earliest(tmp_path, fixture_corpus):
    s = tmp_path / "s"
    (s / "texts").mkdir(parents=True)
    base = FIXTURE_TEXTS["en_turkey"][3]
    (s / "texts" / "copy.txt").write_text(base.replace("FIXTURE headline", "FIXTURE repost"),
                                          encoding="utf-8")
    man = write_csv(s / "b.csv", MANIFEST_COLUMNS, [manifest_row(
        "en_turkey", "texts/copy.txt", url="https://west.example/copy", published="2022-01-09")])
    Ingestor(fixture_corpus, today=TODAY).ingest(man)
    arts = {a["url"]: a for a in read_table(fixture_corpus.articles, "articles")}
    orig, copy = arts["https://west.example/en_turkey"], arts["https://west.example/copy"]
    assert copy["duplicate_of"] == orig["article_id"] and orig["duplicate_of"] == ""


def test_mirror_host_recorded_as_via(tmp_path, fixture_corpus):
    s = tmp_path / "s"
    (s / "texts").mkdir(parents=True)
    (s / "texts" / "m.txt").write_text(
        "FIXTURE: A mirrored lead written for tests about the government resignation.\n"
        "The cabinet resigned on 5 January in this invented sentence.", encoding="utf-8")
    man = write_csv(s / "b.csv", MANIFEST_COLUMNS, [manifest_row(
        "en_turkey", "texts/m.txt", url="https://www.mirror.example/m")])
    Ingestor(fixture_corpus, today=TODAY).ingest(man)
    arts = {a["url"]: a for a in read_table(fixture_corpus.articles, "articles")}
    assert arts["https://www.mirror.example/m"]["via"] == "mirror.example"
    assert arts["https://west.example/en_turkey"]["via"] == ""
