"""Corpus validation: schema, closed vocabularies, foreign keys, the date window, sorted bags,
short fields ("no text field longer than a URL") and features/tables consistency.

Each check returns a list of human-readable problems naming file and row; an empty list is a pass.
"""
from __future__ import annotations

import json
from collections import Counter

from . import schema as S
from .errors import InputError
from .paths import CorpusPaths
from .store import read_table

FEATURE_TOKEN_MAX = 60


def _short_fields(row: dict, skip=("url", "alignment_source_url")) -> list[str]:
    out = []
    for k, v in row.items():
        if k in skip:
            continue
        limit = S.MAX_NOTE if k in S.OWN_WORDS_COLUMNS else S.MAX_FIELD
        if v is not None and len(v) > limit:
            out.append(f"{k} is {len(v)} characters (limit {limit}): no text fields in the corpus")
    return out


def check_outlet_row(r: dict) -> list[str]:
    errs = []
    if not S.OUTLET_ID.match(r["outlet_id"]):
        errs.append(f"outlet_id {r['outlet_id']!r} must look like <brand>_<lang> (lowercase)")
    if not r["name"]:
        errs.append("name is empty")
    if not r["domains"]:
        errs.append("domains is empty")
    if len(r["country"]) != 2 or not r["country"].isupper():
        errs.append(f"country {r['country']!r} is not an ISO alpha-2 code")
    if r["language"] not in S.LANGUAGES + ("multi",):
        errs.append(f"language {r['language']!r} not in {S.LANGUAGES}")
    elif not r["outlet_id"].endswith("_" + r["language"]):
        errs.append(f"outlet_id {r['outlet_id']!r} must end with _{r['language']}")
    if r["bloc"] not in S.BLOCS:
        errs.append(f"bloc {r['bloc']!r} not in {S.BLOCS}")
    if not S.URL.match(r["alignment_source_url"]):
        errs.append("alignment_source_url must be the http(s) URL of a public source for the bloc")
    return errs + _short_fields(r)


def check_query_row(r: dict) -> list[str]:
    errs = []
    if not r["query"]:
        errs.append("query is empty")
    elif len(r["query"].split()) >= S.MAX_QUERY_WORDS and r["query"].split() != sorted(r["query"].split()):
        errs.append(f"query has {len(r['query'].split())} words: keep queries under "
                    f"{S.MAX_QUERY_WORDS} words and never paste a headline (titles stay out of the "
                    "repo); if such a query was already run, record it as its words sorted "
                    "alphabetically and say so in the note")
    if r["language"] not in S.LANGUAGES:
        errs.append(f"language {r['language']!r} not in {S.LANGUAGES}")
    try:
        S.parse_date(r["date_run"])
    except ValueError as e:
        errs.append(f"date_run: {e}")
    if not r["collector"]:
        errs.append("collector is empty")
    for c in S.QUERY_COUNTS:
        if not (r[c] or "0").isdigit():
            errs.append(f"{c}={r[c]!r} is not a whole number")
    return errs + _short_fields(r)


def check_tables(t: dict[str, list[dict]]) -> list[str]:
    """Cross-table checks on in-memory tables (used by ingest before it writes, and by validate)."""
    P = CorpusPaths()
    problems: list[str] = []
    outlets = {}
    for i, r in enumerate(t["outlets"], start=2):
        problems += [f"outlets.csv row {i}: {e}" for e in check_outlet_row(r)]
        if r["outlet_id"] in outlets:
            problems.append(f"outlets.csv row {i}: duplicate outlet_id {r['outlet_id']}")
        outlets[r["outlet_id"]] = r
    queries = {(q["query"], q["language"]) for q in t["queries"]}
    for i, r in enumerate(t["queries"], start=2):
        problems += [f"queries.csv row {i}: {e}" for e in check_query_row(r)]
    ids, urls, shas = Counter(), Counter(), Counter()
    for a in t["articles"]:
        ids[a["article_id"]] += 1
        urls[a["url"]] += 1
        shas[a["sha256"]] += 1
    for i, a in enumerate(t["articles"], start=2):
        loc = f"articles.csv row {i} ({a['article_id']})"
        errs = _short_fields(a)
        if ids[a["article_id"]] > 1:
            errs.append("duplicate article_id")
        if urls[a["url"]] > 1:
            errs.append("duplicate url")
        if shas[a["sha256"]] > 1:
            errs.append("duplicate sha256 (same text twice)")
        if not S.URL.match(a["url"]):
            errs.append("url is not http(s)")
        o = outlets.get(a["outlet_id"])
        if o is None:
            errs.append(f"unknown outlet {a['outlet_id']!r}")
        elif o["language"] not in (a["language"], "multi"):
            errs.append(f"language {a['language']} differs from outlet language {o['language']}")
        if a["language"] not in S.LANGUAGES:
            errs.append(f"language {a['language']!r}")
        try:
            if not S.in_window(S.parse_date(a["published"])):
                errs.append(f"published {a['published']} outside {S.WINDOW[0]}..{S.WINDOW[1]}")
            S.parse_date(a["retrieved"])
        except ValueError as e:
            errs.append(str(e))
        if a["date_source"] not in S.DATE_SOURCES:
            errs.append(f"date_source {a['date_source']!r}")
        if a["genre"] not in S.GENRES:
            errs.append(f"genre {a['genre']!r}")
        if a["wire_source"] and a["wire_source"] not in S.WIRES:
            errs.append(f"wire_source {a['wire_source']!r}")
        if not S.SHA256.match(a["sha256"]):
            errs.append("sha256 is not 64 hex digits")
        if a["duplicate_of"] and a["duplicate_of"] not in ids:
            errs.append(f"duplicate_of {a['duplicate_of']!r} is not an article")
        if (a["query"], a["language"]) not in queries:
            errs.append(f"query {a['query']!r} is not in queries.csv")
        for c in ("n_chars", "n_sentences"):
            if not a[c].isdigit() or int(a[c]) <= 0:
                errs.append(f"{c}={a[c]!r} must be a positive integer")
        problems += [f"{loc}: {e}" for e in errs]
    coded = set()
    for i, c in enumerate(t["codes"], start=2):
        loc = f"codes.csv row {i} ({c['article_id']}, {c['coder']})"
        errs = S.check_code_row(c) + _short_fields(c)
        if c["article_id"] not in ids:
            errs.append("unknown article_id")
        if not S.CODERS.match(c["coder"]):
            errs.append(f"coder {c['coder']!r}")
        if c["coder"] == "c1":
            coded.add(c["article_id"])
        problems += [f"{loc}: {e}" for e in errs]
    for aid in sorted(set(ids) - coded):
        problems.append(f"codes.csv: article {aid} has no first-pass (c1) codes")
    for i, r in enumerate(t.get("adjudication", []), start=2):
        if r["article_id"] not in ids:
            problems.append(f"adjudication.csv row {i}: unknown article_id {r['article_id']}")
        if r["variable"] not in S.CODE_VARIABLES:
            problems.append(f"adjudication.csv row {i}: unknown variable {r['variable']}")
    return problems


def check_features(paths: CorpusPaths, articles: list[dict]) -> list[str]:
    problems = []
    known = {a["article_id"]: a for a in articles}
    files = {p.stem: p for p in paths.features.glob("*.jsonl")} if paths.features.exists() else {}
    for aid in sorted(set(known) - set(files)):
        problems.append(f"features/{aid}.jsonl: missing")
    for aid in sorted(set(files) - set(known)):
        problems.append(f"features/{aid}.jsonl: orphan (no row in articles.csv)")
    for aid in sorted(set(files) & set(known)):
        f = files[aid]
        try:
            lines = [json.loads(x) for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            problems.append(f"{f}: unreadable ({e})")
            continue
        header, sents = lines[0], lines[1:]
        if header.get("article_id") != aid:
            problems.append(f"{f} line 1: article_id {header.get('article_id')!r} != file name")
        if len(header.get("minhash", [])) != 64:
            problems.append(f"{f} line 1: minhash signature must have 64 values")
        if str(len(sents)) != known[aid]["n_sentences"]:
            problems.append(f"{f}: {len(sents)} sentences but articles.csv says "
                            f"{known[aid]['n_sentences']}")
        for j, s in enumerate(sents):
            bag = s.get("bag", [])
            if s.get("s") != j:
                problems.append(f"{f} line {j + 2}: sentence index {s.get('s')} != {j}")
            if bag != sorted(bag):
                problems.append(f"{f} line {j + 2}: bag is not sorted (order must be destroyed)")
            if any((" " in w) or len(w) > FEATURE_TOKEN_MAX for w in bag):
                problems.append(f"{f} line {j + 2}: a token has spaces or is too long")
            hits = s.get("hits", [])
            if any(len(h) > S.MAX_FIELD or " " in h for h in hits) or hits != sorted(hits):
                problems.append(f"{f} line {j + 2}: phrase hits must be sorted, short, no spaces")
    return problems


def validate(paths: CorpusPaths | None = None) -> list[str]:
    paths = paths or CorpusPaths()
    try:
        tables = {name: read_table(getattr(paths, name), name)
                  for name in ("outlets", "articles", "codes", "queries", "adjudication")}
    except InputError as e:
        return [str(e)]
    return check_tables(tables) + check_features(paths, tables["articles"])
