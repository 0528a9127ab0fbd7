"""Syndication: link near-duplicate leads (MinHash LSH over word 3-shingles, datasketch).

Linking is recomputed over the whole corpus, so it does not depend on ingest order: within a
language, articles whose estimated Jaccard similarity reaches ``threshold`` form clusters
(connected components); every member points (``duplicate_of``) to the cluster's root, the
earliest-published article (ties by id)."""
from __future__ import annotations

from datasketch import MinHash, MinHashLSH

from .features import NUM_PERM

NEAR_DUPLICATE = 0.5


def link_duplicates(articles: list[dict], signatures: dict[str, MinHash],
                    threshold: float = NEAR_DUPLICATE) -> dict[str, str]:
    """Map article_id -> root article_id ('' for roots and singletons)."""
    parent = {a["article_id"]: a["article_id"] for a in articles}
    order = {a["article_id"]: (a["published"], a["article_id"]) for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for lang in sorted({a["language"] for a in articles}):
        ids = sorted(a["article_id"] for a in articles
                     if a["language"] == lang and a["article_id"] in signatures)
        lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        for aid in ids:
            for other in lsh.query(signatures[aid]):
                if signatures[aid].jaccard(signatures[other]) >= threshold:
                    ra, rb = find(aid), find(other)
                    if ra != rb:
                        keep, drop = sorted((ra, rb), key=order.get)
                        parent[drop] = keep
            lsh.insert(aid, signatures[aid])
    out = {}
    for aid in parent:
        root = find(aid)
        out[aid] = "" if root == aid else root
    return out
