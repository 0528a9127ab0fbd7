"""``python -m analysis <command>``: a thin command line over the library."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import QantarError

COMMANDS = {}


def command(name: str, help: str):
    def deco(fn):
        COMMANDS[name] = (fn, help)
        return fn
    return deco


def _ingest_args(p):
    p.add_argument("text", nargs="?", type=Path, help="one text file (or use --manifest)")
    p.add_argument("--manifest", type=Path, help="CSV manifest of texts + metadata + codes")
    p.add_argument("--outlets", type=Path, help="CSV of outlets to add before ingesting")
    p.add_argument("--queries", type=Path, help="CSV query log rows to add/update")
    p.add_argument("--refresh-features", action="store_true",
                   help="recompute features of already-ingested identical texts (lexicon changed)")
    for f in ("url", "outlet", "language", "published", "date-source", "genre", "wire-source",
              "query", "coder", "blamed", "protesters-as", "csto-stance", "turkic-spring",
              "primary-frame", "note"):
        p.add_argument(f"--{f}", default="")


@command("ingest", "validate texts + metadata + codes and add their features to the corpus")
def cmd_ingest(a) -> int:
    from .ingest import Ingestor
    ing = Ingestor(refresh_features=a.refresh_features)
    if a.manifest and a.text:
        raise QantarError("give either a text file or --manifest, not both")
    if a.manifest:
        res = ing.ingest(a.manifest, outlets=a.outlets, queries=a.queries)
    elif a.text:
        row = {"file": str(a.text.resolve()), "url": a.url, "outlet_id": a.outlet,
               "language": a.language, "published": a.published, "date_source": a.date_source,
               "genre": a.genre, "wire_source": a.wire_source, "query": a.query,
               "coder": a.coder or "c1", "blamed": a.blamed, "protesters_as": a.protesters_as,
               "csto_stance": a.csto_stance, "turkic_spring": a.turkic_spring,
               "primary_frame": a.primary_frame, "note": a.note}
        res = ing.ingest(None, rows=[row], outlets=a.outlets, queries=a.queries)
    else:
        raise QantarError("nothing to ingest: give a text file or --manifest")
    print(f"added {res['added']}, already present {res['skipped']}"
          + (f", features refreshed {res['refreshed']}" if a.refresh_features else ""))
    return 0


@command("validate", "check the corpus: schema, keys, dates, sorted bags, short fields")
def cmd_validate(a) -> int:
    from .validate import validate
    problems = validate()
    for p in problems[:200]:
        print(p)
    if problems:
        print(f"INVALID: {len(problems)} problem(s)")
        return 1
    from .paths import CorpusPaths
    from .store import read_table
    n = len(read_table(CorpusPaths().articles, "articles"))
    print(f"corpus OK: {n} articles")
    return 0


def build_parser() -> argparse.ArgumentParser:
    _register_late()
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (fn, help) in COMMANDS.items():
        p = sub.add_parser(name, help=help, description=help)
        if name == "ingest":
            _ingest_args(p)
        adder = getattr(fn, "add_args", None)
        if adder:
            adder(p)
        p.set_defaults(func=fn)
    return parser


def _register_late() -> None:
    """Commands defined in other modules register themselves on import."""
    from . import commands  # noqa: F401


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except QantarError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
