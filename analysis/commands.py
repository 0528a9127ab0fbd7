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


@command("figures", "draw every figure from the results tables -> figures/")
def cmd_figures(a) -> int:
    from .figures import build_all
    made = build_all()
    print(f"figures: {len(made)} written")
    return 0


@command("notebook", "execute jupytext notebooks headless into .ipynb (all if none given)")
def cmd_notebook(a) -> int:
    from .notebook import execute, notebook_sources
    for src in (a.sources or notebook_sources()):
        print(f"executed {execute(src)}")
    return 0


def _nb_args(p):
    from pathlib import Path
    p.add_argument("sources", nargs="*", type=Path)


cmd_notebook.add_args = _nb_args


@command("report", "fill report/template.typ from the results and compile report.pdf + report.html")
def cmd_report(a) -> int:
    from .report import build
    for p in build():
        print(f"wrote {p}")
    return 0


@command("import-codes", "add a further coding pass (c2..., blind double coding) from a CSV")
def cmd_import_codes(a) -> int:
    from .coding import import_codes
    print(f"imported {import_codes(a.file, a.coder)} code rows for {a.coder}")
    return 0


def _ic_args(p):
    from pathlib import Path
    p.add_argument("file", type=Path)
    p.add_argument("--coder", required=True, help="c2..c9")


cmd_import_codes.add_args = _ic_args


@command("adjudicate", "record adjudicated final values for coder disagreements from a CSV")
def cmd_adjudicate(a) -> int:
    from .coding import import_adjudication
    print(f"recorded {import_adjudication(a.file)} adjudications")
    return 0


def _adj_args(p):
    from pathlib import Path
    p.add_argument("file", type=Path)


cmd_adjudicate.add_args = _adj_args


@command("update-outlets", "correct existing outlet rows (bloc, owner, source) from a CSV")
def cmd_update_outlets(a) -> int:
    from .coding import update_outlets
    print(f"updated {update_outlets(a.file)} outlet rows")
    return 0


cmd_update_outlets.add_args = _adj_args


@command("datasheet", "rebuild the generated counts in corpus/README.md")
def cmd_datasheet(a) -> int:
    from .datasheet import update
    print(f"updated {update()}")
    return 0


@command("topics", "topic models per language (LDA, NMF), K sweep, prevalence -> results/topics/")
def cmd_topics(a) -> int:
    from .topics import run
    summary = run()
    print(f"topics: fitted {sorted(summary['languages'])}, skipped {sorted(summary['skipped'])}")
    return 0
