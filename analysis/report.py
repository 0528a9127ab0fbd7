"""The compiled report: ``report/template.typ`` (a Jinja2 template with ``<< >>`` / ``<% %>``
delimiters, so typst's own braces and hashes stay untouched) is filled with ``results/values.json``,
result tables and ``figures/figures.json``, written to ``report/report.typ`` and compiled offline
with typst to ``report/report.pdf`` and ``report/report.html``. No number is typed by hand."""
from __future__ import annotations

import re
from pathlib import Path

import jinja2
import pandas as pd

from .paths import FIGURES, FONTS, REPORT, RESULTS, ROOT
from .results import read_json, read_table, read_tables

_SPECIAL = re.compile(r"([\\#$*_`<>@\[\]~/=+\-\"'])")


def typst_escape(value) -> str:
    """Escape text for typst markup (every markup-significant character gets a backslash)."""
    if isinstance(value, float):
        value = f"{value:.3g}"
    return _SPECIAL.sub(r"\\\1", str(value))


def num(value, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "n/a"
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return f"{value:,}"
    return f"{value:.{digits}f}"


def pct(value, digits: int = 0) -> str:
    return "n/a" if value is None else f"{100 * value:.{digits}f}%"


def context(results: Path = RESULTS, figures: Path = FIGURES) -> dict:
    values = read_json(results / "values.json")
    cov = read_table(results / "corpus" / "coverage_language_bloc.csv")
    cov_wide = cov.pivot_table(index="bloc", columns="language", values="articles",
                               fill_value=0, aggfunc="sum")
    cov_wide["total"] = cov_wide.sum(axis=1)
    outlets_per_bloc = cov.groupby("bloc")["outlets"].sum()
    choice = values["blame_choice"]
    val = read_table(results / "blame" / "validation.csv")
    val = val[(val["voice"] == "any") & (val["support"] >= 5)].sort_values(["actor", "measure"])
    tests = read_table(results / "blame" / "bloc_tests.csv")
    tests = tests[(tests["voice"] == "any")].sort_values(["measure", "q_bh", "actor"])
    prov = read_table(results / "audit" / "provenance.csv")
    labels = read_tables(results / "topics", "*/*/labels.csv")
    topics_summary = read_json(results / "topics" / "summary.json") if (results / "topics" / "summary.json").exists() else {}
    reliability = (read_table(results / "corpus" / "reliability.csv")
                   if (results / "corpus" / "reliability.csv").exists() else pd.DataFrame())
    return {
        "v": values, "figs": read_json(figures / "figures.json"),
        "coverage": cov_wide.reset_index().to_dict("records"),
        "coverage_languages": [c for c in cov_wide.columns if c != "total"],
        "outlets_per_bloc": outlets_per_bloc.to_dict(),
        "validation": val.to_dict("records"), "tests": tests.to_dict("records"),
        "provenance": prov.to_dict("records"), "choice": choice,
        "labels": labels.to_dict("records") if len(labels) else [],
        "topics_summary": topics_summary, "reliability": reliability.to_dict("records"),
    }


def render(template: Path = REPORT / "template.typ", out: Path = REPORT / "report.typ",
           results: Path = RESULTS, figures: Path = FIGURES) -> Path:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template.parent)), undefined=jinja2.StrictUndefined,
        variable_start_string="<<", variable_end_string=">>", block_start_string="<%",
        block_end_string="%>", comment_start_string="<#", comment_end_string="#>",
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False)
    env.filters.update(t=typst_escape, num=num, pct=pct)
    text = env.get_template(template.name).render(**context(results, figures))
    out.write_text(text, encoding="utf-8")
    return out


def compile_report(source: Path = REPORT / "report.typ", out_dir: Path = REPORT) -> list[Path]:
    import typst
    written = []
    for fmt in ("pdf", "html"):
        target = out_dir / f"report.{fmt}"
        typst.compile(str(source), output=str(target), root=str(ROOT), format=fmt,
                      font_paths=[str(FONTS)], ignore_system_fonts=True)
        written.append(target)
    return written


def build() -> list[Path]:
    return compile_report(render())
