"""Commands beyond ingest/validate, registered on the CLI (kept apart so cli.py stays thin)."""
from __future__ import annotations

from .cli import command  # noqa: F401


@command("hydrate", "re-fetch article URLs (trafilatura) and check the recorded leads are contained")
def cmd_hydrate(a) -> int:
    from .hydrate import hydrate
    from .paths import RESULTS
    rows = hydrate(ids=a.ids or None, extend=a.extend, report=a.report or RESULTS / "hydrate.csv",
                   timeout=a.timeout)
    n_ok = sum(r["contained"] == "true" for r in rows)
    n_fetched = sum(r["status"] == "fetched" for r in rows)
    print(f"fetched {n_fetched}/{len(rows)}; lead contained in {n_ok}/{n_fetched}")
    return 0


def _hydrate_args(p):
    from pathlib import Path
    p.add_argument("ids", nargs="*", help="article ids (default: all)")
    p.add_argument("--extend", action="store_true",
                   help="also write full-text features to corpus/features_full/ (git-ignored)")
    p.add_argument("--report", type=Path, default=None, help="CSV report (default results/hydrate.csv)")
    p.add_argument("--timeout", type=int, default=20)


cmd_hydrate.add_args = _hydrate_args


def _step(name: str, help: str, func_name: str):
    def run(a) -> int:
        from . import pipeline
        getattr(pipeline, func_name)()
        print(f"{name}: done")
        return 0
    command(name, help)(run)


_step("summary", "corpus coverage tables and summary -> results/corpus/", "run_summary")
_step("concepts", "cross-language concept prevalence -> results/concepts/", "run_concepts")
_step("blame", "blame measures, validation, profiles, bloc tests -> results/blame/", "run_blame")
_step("compare", "outlet distances and clustering -> results/compare/", "run_compare")
_step("audit", "'Turkic spring' claim audit -> results/audit/", "run_audit")
_step("values", "gather every reported number -> results/values.json", "run_values")
