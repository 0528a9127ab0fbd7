"""Ingest: validate a manifest of scratch text files plus metadata and hand codes, turn each text
into features (:mod:`analysis.features`), and write the corpus atomically. The text is never
written. Any problem in any row aborts the whole batch with every problem listed by file and row."""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

from . import schema as S
from .dedupe import link_duplicates
from .errors import InputError, ValidationFailed
from .features import featurize, minhash_from_values, sha256_text
from .lexicon import Lexicon, default_lexicon
from .paths import CorpusPaths
from .store import Transaction, locked, read_features, read_table, render_features, render_table
from .textnorm import check_text, guess_language
from .validate import check_outlet_row, check_query_row, check_tables


def read_text(path: Path) -> str:
    """Decode a scratch text strictly as UTF-8 (BOM allowed), newlines normalised."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"not valid UTF-8 at byte {e.start} ({e.reason}); re-save the text as UTF-8",
                         str(path)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def host_of(url: str) -> str:
    host = urlsplit(url).hostname or ""
    for p in ("www.", "m.", "amp."):
        if host.startswith(p):
            host = host[len(p):]
    return host


def via_of(url: str, outlet: dict) -> str:
    """The carrying host when a page was found on a mirror/repost rather than the outlet's site."""
    host = host_of(url)
    domains = [d.strip().lower() for d in outlet["domains"].split(";") if d.strip()]
    if any(host == d or host.endswith("." + d) or d.startswith(host + "/") or
           (("/" in d) and url.split("//", 1)[-1].replace("www.", "").startswith(d)) for d in domains):
        return ""
    return host


def read_csv_rows(path: Path, required: list[str]) -> list[dict]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise InputError(f"missing column(s) {missing}", str(path), 1)
            return [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in reader]
    except UnicodeDecodeError as e:
        raise InputError(f"not valid UTF-8 ({e.reason})", str(path)) from None


class Ingestor:
    """One ingest run against one corpus folder."""

    def __init__(self, paths: CorpusPaths | None = None, lexicon: Lexicon | None = None,
                 today: dt.date | None = None, refresh_features: bool = False):
        self.paths = paths or CorpusPaths()
        self.lexicon = lexicon or default_lexicon()
        self.today = (today or dt.date.today()).isoformat()
        self.refresh_features = refresh_features

    # ------------------------------------------------------------------ public
    def ingest(self, manifest: Path | None, rows: list[dict] | None = None,
               outlets: Path | None = None, queries: Path | None = None) -> dict:
        """Ingest a manifest file (or rows given directly). Returns a summary dict."""
        base = manifest.parent if manifest else Path.cwd()
        where = str(manifest) if manifest else "<command line>"
        if rows is None:
            rows = read_csv_rows(manifest, S.MANIFEST_COLUMNS)
        new_outlets = read_csv_rows(outlets, S.OUTLET_COLUMNS) if outlets and outlets.exists() else []
        new_queries = read_csv_rows(queries, S.QUERY_COLUMNS) if queries and queries.exists() else []
        with locked(self.paths):
            return self._ingest_locked(rows, base, where, new_outlets, new_queries,
                                       str(outlets), str(queries))

    # ------------------------------------------------------------------ internals
    def _ingest_locked(self, rows, base, where, new_outlets, new_queries, o_where, q_where) -> dict:
        P = self.paths
        outlets = {r["outlet_id"]: r for r in read_table(P.outlets, "outlets")}
        articles = read_table(P.articles, "articles")
        codes = read_table(P.codes, "codes")
        queries = {tuple(r[k] for k in S.KEYS["queries"]): r for r in read_table(P.queries, "queries")}
        problems: list[str] = []

        for i, r in enumerate(new_outlets, start=2):
            row = {c: r.get(c, "") for c in S.OUTLET_COLUMNS}
            errs = check_outlet_row(row)
            old = outlets.get(row["outlet_id"])
            if old and old != row:
                diff = [c for c in S.OUTLET_COLUMNS if old[c] != row[c]]
                errs.append(f"outlet {row['outlet_id']!r} already exists with different {diff}; "
                            "use the existing row or pick another id")
            problems += [f"{o_where} row {i}: {e}" for e in errs]
            if not errs:
                outlets[row["outlet_id"]] = row
        for i, r in enumerate(new_queries, start=2):
            row = {c: r.get(c, "") for c in S.QUERY_COLUMNS}
            errs = check_query_row(row)
            problems += [f"{q_where} row {i}: {e}" for e in errs]
            if not errs:
                queries[tuple(row[k] for k in S.KEYS["queries"])] = row
        query_texts = {(q["query"], q["language"]) for q in queries.values()}

        by_url = {a["url"]: a for a in articles}
        by_sha = {a["sha256"]: a for a in articles}
        signatures = self._signatures(articles)
        added, skipped, refreshed, tx = [], 0, 0, Transaction()
        new_codes = []
        for i, r in enumerate(rows, start=2):
            loc = f"{where} row {i} ({r.get('file', '')})"
            try:
                rec = self._prepare(r, base, outlets, query_texts)
            except InputError as e:
                problems.append(f"{loc}: {e.message}")
                continue
            text, art, code, sentences, sig = rec
            old = by_url.get(art["url"])
            if old is not None:
                if old["sha256"] == art["sha256"]:
                    skipped += 1
                    if self.refresh_features:
                        header, _ = read_features(P.feature_file(old["article_id"]))
                        tx.write(P.feature_file(old["article_id"]),
                                 render_features(header, sentences))
                        refreshed += 1
                    continue
                problems.append(f"{loc}: URL already in the corpus as {old['article_id']} with "
                                "different text (sha256 differs); refusing duplicate URL")
                continue
            if art["sha256"] in by_sha:
                other = by_sha[art["sha256"]]
                problems.append(f"{loc}: the same text is already in the corpus as "
                                f"{other['article_id']} ({other['url']}); refusing duplicate")
                continue
            by_url[art["url"]], by_sha[art["sha256"]] = art, art
            signatures[art["article_id"]] = sig
            articles.append(art)
            added.append(art)
            code["article_id"] = art["article_id"]
            new_codes.append(code)
            header = {"article_id": art["article_id"], "language": art["language"],
                      "minhash": [int(v) for v in sig.hashvalues]}
            tx.write(P.feature_file(art["article_id"]), render_features(header, sentences))

        if problems:
            tx.abort()
            raise ValidationFailed(problems)
        links = link_duplicates(articles, signatures)
        for a in articles:
            a["duplicate_of"] = links.get(a["article_id"], "")
        codes_by_key = {(c["article_id"], c["coder"]): c for c in codes}
        for c in new_codes:
            codes_by_key[(c["article_id"], c["coder"])] = c
        tables = {"outlets": list(outlets.values()), "articles": articles,
                  "codes": list(codes_by_key.values()), "queries": list(queries.values())}
        table_problems = check_tables(tables)
        if table_problems:
            tx.abort()
            raise ValidationFailed(table_problems)
        if added or new_outlets or new_queries:
            for name in ("outlets", "queries", "codes", "articles"):
                tx.write(getattr(P, name), render_table(tables[name], name))
        tx.commit()
        return {"added": len(added), "skipped": skipped, "refreshed": refreshed,
                "ids": [a["article_id"] for a in added]}

    def _prepare(self, r: dict, base: Path, outlets: dict, query_texts: set):
        missing = [c for c in ("file", "url", "outlet_id", "language", "published", "date_source",
                               "query") if not r.get(c)]
        if missing:
            raise InputError(f"empty required field(s): {', '.join(missing)}")
        path = Path(r["file"])
        path = path if path.is_absolute() else base / path
        if not path.exists():
            raise InputError(f"text file {path} not found")
        if not S.URL.match(r["url"]):
            raise InputError(f"url {r['url']!r} is not an http(s) URL")
        lang = r["language"]
        if lang not in S.LANGUAGES:
            raise InputError(f"language {lang!r} not in {S.LANGUAGES}")
        outlet = outlets.get(r["outlet_id"])
        if outlet is None:
            raise InputError(f"unknown outlet {r['outlet_id']!r}: add it to corpus/outlets.csv "
                             "(pass --outlets FILE)")
        if outlet["language"] not in (lang, "multi"):
            raise InputError(f"language {lang!r} differs from outlet {outlet['outlet_id']}'s "
                             f"language {outlet['language']!r}")
        try:
            day = S.parse_date(r["published"])
        except ValueError as e:
            raise InputError(str(e)) from None
        if not S.in_window(day):
            raise InputError(f"published {day} is outside the study window "
                             f"{S.WINDOW[0]}..{S.WINDOW[1]}")
        if r["date_source"] not in S.DATE_SOURCES:
            raise InputError(f"date_source {r['date_source']!r} not in {S.DATE_SOURCES}")
        genre = r.get("genre") or "news"
        if genre not in S.GENRES:
            raise InputError(f"genre {genre!r} not in {S.GENRES}")
        wire = r.get("wire_source", "")
        if wire and wire not in S.WIRES:
            raise InputError(f"wire_source {wire!r} not in {S.WIRES}")
        if (r["query"], lang) not in query_texts:
            raise InputError(f"query {r['query']!r} ({lang}) is not in the query log; "
                             "add it to your queries.csv")
        coder = r.get("coder") or "c1"
        if not S.CODERS.match(coder):
            raise InputError(f"coder {coder!r} must be c1..c9 or adj")
        code = {"coder": coder, "note": r.get("note", "")}
        for v in S.CODE_VARIABLES:
            code[v] = r.get(v, "")
        errs = S.check_code_row(code)
        if errs:
            raise InputError("; ".join(errs))
        code["blamed"] = S.format_blamed(S.parse_blamed(code["blamed"]))
        if len(code["note"]) > S.MAX_NOTE:
            raise InputError(f"note is longer than {S.MAX_NOTE} characters")
        text = read_text(path)
        errs = check_text(text)
        if errs:
            raise InputError("; ".join(errs))
        guessed = guess_language(text)
        if guessed != lang:
            raise InputError(f"language is {lang!r} but the text looks like {guessed!r}")
        sentences, signature = featurize(text, lang, self.lexicon)
        sha = sha256_text(text)
        art = {
            "article_id": f"{outlet['outlet_id']}-{day.strftime('%Y%m%d')}-{sha[:8]}",
            "url": r["url"], "outlet_id": outlet["outlet_id"], "language": lang,
            "published": day.isoformat(), "date_source": r["date_source"], "genre": genre,
            "retrieved": self.today, "n_chars": str(len(text)), "n_sentences": str(len(sentences)),
            "sha256": sha, "wire_source": wire, "duplicate_of": "", "via": via_of(r["url"], outlet),
            "query": r["query"], "collector": r.get("collector", "") or self._collector(base),
        }
        return text, art, code, sentences, minhash_from_values(signature)

    @staticmethod
    def _collector(base: Path) -> str:
        return base.name

    def _signatures(self, articles: list[dict]) -> dict:
        out = {}
        for a in articles:
            f = self.paths.feature_file(a["article_id"])
            if f.exists():
                header, _ = read_features(f)
                out[a["article_id"]] = minhash_from_values(header["minhash"])
        return out
