"""validate: the corpus contract is enforced on what is on disk."""
import json

from analysis.store import read_table, render_table
from analysis.validate import validate


def test_fixture_corpus_is_valid(fixture_corpus):
    assert validate(fixture_corpus) == []


def test_unsorted_bag_and_long_field_and_bad_fk(fixture_corpus):
    arts = read_table(fixture_corpus.articles, "articles")
    f = fixture_corpus.feature_file(arts[0]["article_id"])
    lines = f.read_text().splitlines()
    s = json.loads(lines[1])
    s["bag"] = list(reversed(s["bag"]))
    lines[1] = json.dumps(s, ensure_ascii=False)
    f.write_text("\n".join(lines) + "\n")
    arts[1]["wire_source"] = "x" * 300
    arts[2]["outlet_id"] = "ghost_en"
    arts[3]["published"] = "2023-01-01"
    fixture_corpus.articles.write_text(render_table(arts, "articles"))
    problems = "\n".join(validate(fixture_corpus))
    assert "bag is not sorted" in problems
    assert "wire_source is 300 characters" in problems
    assert "unknown outlet 'ghost_en'" in problems
    assert "outside 2022-01-02..2022-03-31" in problems


def test_orphan_and_missing_features(fixture_corpus):
    arts = read_table(fixture_corpus.articles, "articles")
    fixture_corpus.feature_file(arts[0]["article_id"]).unlink()
    (fixture_corpus.features / "ghost.jsonl").write_text('{"article_id":"ghost"}\n')
    problems = "\n".join(validate(fixture_corpus))
    assert f"features/{arts[0]['article_id']}.jsonl: missing" in problems
    assert "features/ghost.jsonl: orphan" in problems


def test_uncoded_article_is_invalid(fixture_corpus):
    codes = read_table(fixture_corpus.codes, "codes")
    fixture_corpus.codes.write_text(render_table(codes[1:], "codes"))
    assert any("has no first-pass (c1) codes" in p for p in validate(fixture_corpus))
