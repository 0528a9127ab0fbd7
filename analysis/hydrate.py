"""Re-hydration: fetch each article's URL with trafilatura into a git-ignored cache, re-run the
same extraction, and report whether the recorded lead is contained in what was fetched.

The archive copies are mostly headline + lead, so the check is *containment*, not equality: each
recorded sentence bag is compared with the best-matching fetched sentence bag (multiset overlap
as a share of the recorded bag); an article is ``contained`` when the mean share is >= 0.9.
``extend=True`` also writes full-text features to ``corpus/features_full/`` (git-ignored), which
:class:`analysis.corpus.SentenceCorpus` can read with ``full=True``.
"""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from .errors import QantarError
from .features import featurize, sha256_text
from .lexicon import default_lexicon
from .paths import CACHE, CorpusPaths
from .store import Transaction, read_features, read_table, render_features

CONTAINED = 0.9
REPORT_COLUMNS = ["article_id", "url", "status", "n_sentences", "containment", "contained",
                  "same_sha256", "n_chars_fetched"]


def fetch_text(url: str, cache_dir: Path, article_id: str, timeout: int = 20,
               allow_private: bool = False) -> str | None:
    """Main text of ``url`` via trafilatura (cached); None when it cannot be fetched/extracted."""
    import trafilatura
    from trafilatura.settings import use_config

    cached = cache_dir / f"{article_id}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    cfg = use_config()
    cfg.set("DEFAULT", "DOWNLOAD_TIMEOUT", str(timeout))
    cfg.set("DEFAULT", "MAX_REDIRECTS", "3")
    # trafilatura refuses private/loopback addresses by default (SSRF protection); only a local
    # test server needs them
    cfg.set("DEFAULT", "SSRF_PROTECTION", "False" if allow_private else "True")
    html = trafilatura.fetch_url(url, config=cfg)
    if not html:
        return None
    text = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_recall=True, config=cfg)
    if not text:
        return None
    title = trafilatura.extract_metadata(html)
    if title is not None and title.title and title.title not in text[:300]:
        text = title.title + "\n" + text
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_text(text, encoding="utf-8")
    return text


def containment(recorded: list[list[str]], fetched: list[list[str]]) -> float:
    """Mean over recorded sentence bags of the best multiset overlap share with a fetched bag."""
    if not recorded:
        return 0.0
    fetched_c = [Counter(b) for b in fetched]
    shares = []
    for bag in recorded:
        c = Counter(bag)
        best = max((sum((c & f).values()) for f in fetched_c), default=0)
        shares.append(best / max(1, sum(c.values())))
    return sum(shares) / len(shares)


def hydrate(paths: CorpusPaths | None = None, ids: list[str] | None = None, extend: bool = False,
            cache_dir: Path | None = None, report: Path | None = None, timeout: int = 20,
            allow_private: bool = False) -> list[dict]:
    paths = paths or CorpusPaths()
    cache_dir = cache_dir or CACHE / "hydrate"
    lexicon = default_lexicon()
    arts = read_table(paths.articles, "articles")
    if ids:
        unknown = sorted(set(ids) - {a["article_id"] for a in arts})
        if unknown:
            raise QantarError(f"unknown article id(s): {', '.join(unknown)}")
        arts = [a for a in arts if a["article_id"] in set(ids)]
    rows, tx = [], Transaction()
    for a in arts:
        text = fetch_text(a["url"], cache_dir, a["article_id"], timeout=timeout,
                          allow_private=allow_private)
        _, recorded = read_features(paths.feature_file(a["article_id"]))
        row = {"article_id": a["article_id"], "url": a["url"], "n_sentences": len(recorded)}
        if text is None:
            row.update(status="unreachable", containment="", contained="", same_sha256="",
                       n_chars_fetched=0)
        else:
            sents, sig = featurize(text, a["language"], lexicon)
            share = containment([s["bag"] for s in recorded], [s["bag"] for s in sents])
            row.update(status="fetched", containment=f"{share:.3f}",
                       contained=str(share >= CONTAINED).lower(),
                       same_sha256=str(sha256_text(text) == a["sha256"]).lower(),
                       n_chars_fetched=len(text))
            if extend:
                header = {"article_id": a["article_id"], "language": a["language"],
                          "minhash": sig, "n_chars": len(text)}
                tx.write(paths.feature_file(a["article_id"], full=True),
                         render_features(header, sents))
        rows.append(row)
    tx.commit()
    if report is not None:
        report.parent.mkdir(parents=True, exist_ok=True)
        with open(report, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=REPORT_COLUMNS, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    if rows and all(r["status"] == "unreachable" for r in rows):
        raise QantarError(f"could not fetch any of {len(rows)} URL(s): offline, or the sites are "
                          "gone (nothing was changed; cached pages are reused next time)")
    return rows
