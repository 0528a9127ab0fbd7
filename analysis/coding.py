"""Importing further coding passes: a blind second coder's codes (``c2``...) and adjudicated final
values (``adjudication.csv``), validated and written atomically under the corpus lock."""
from __future__ import annotations

from pathlib import Path

from . import schema as S
from .errors import ValidationFailed
from .ingest import read_csv_rows
from .paths import CorpusPaths
from .store import Transaction, locked, read_table, render_table
from .validate import check_tables


def import_codes(path: Path, coder: str, paths: CorpusPaths | None = None) -> int:
    """Add/replace ``coder``'s codes for the articles listed in ``path`` (CSV with the code
    columns). Refuses unknown articles and invalid values, naming file and row."""
    paths = paths or CorpusPaths()
    if not S.CODERS.match(coder) or coder == "c1":
        raise ValidationFailed([f"coder {coder!r}: import passes are c2..c9 or adj (c1 comes "
                                "from ingest)"])
    rows = read_csv_rows(path, ["article_id"] + S.CODE_VARIABLES)
    with locked(paths):
        tables = {n: read_table(getattr(paths, n), n)
                  for n in ("outlets", "articles", "codes", "queries", "adjudication")}
        known = {a["article_id"] for a in tables["articles"]}
        problems, new = [], {}
        for i, r in enumerate(rows, start=2):
            code = {c: r.get(c, "") for c in S.CODE_COLUMNS}
            code["coder"] = coder
            errs = S.check_code_row(code)
            if r["article_id"] not in known:
                errs.append(f"unknown article_id {r['article_id']!r}")
            if len(code["note"]) > S.MAX_NOTE:
                errs.append("note too long")
            if not errs:
                code["blamed"] = S.format_blamed(S.parse_blamed(code["blamed"]))
                new[(code["article_id"], coder)] = code
            problems += [f"{path} row {i}: {e}" for e in errs]
        if problems:
            raise ValidationFailed(problems)
        merged = {(c["article_id"], c["coder"]): c for c in tables["codes"]}
        merged.update(new)
        tables["codes"] = list(merged.values())
        problems = check_tables(tables)
        if problems:
            raise ValidationFailed(problems)
        tx = Transaction()
        tx.write(paths.codes, render_table(tables["codes"], "codes"))
        tx.commit()
    return len(new)


def import_adjudication(path: Path, paths: CorpusPaths | None = None) -> int:
    """Add/replace adjudicated values (article_id, variable, c1, c2, final, rationale_note)."""
    paths = paths or CorpusPaths()
    rows = read_csv_rows(path, S.ADJUDICATION_COLUMNS)
    allowed = {"protesters_as": S.PROTESTERS_AS, "csto_stance": S.CSTO_STANCE,
               "turkic_spring": S.TURKIC_SPRING, "primary_frame": S.FRAMES}
    with locked(paths):
        known = {a["article_id"] for a in read_table(paths.articles, "articles")}
        problems, new = [], {}
        for i, r in enumerate(rows, start=2):
            errs = []
            if r["article_id"] not in known:
                errs.append(f"unknown article_id {r['article_id']!r}")
            if r["variable"] not in S.CODE_VARIABLES:
                errs.append(f"unknown variable {r['variable']!r}")
            elif r["variable"] == "blamed":
                try:
                    r["final"] = S.format_blamed(S.parse_blamed(r["final"]))
                except ValueError as e:
                    errs.append(f"final: {e}")
            elif r["final"] not in allowed[r["variable"]]:
                errs.append(f"final {r['final']!r} not allowed for {r['variable']}")
            if not r.get("rationale_note"):
                errs.append("rationale_note is required")
            problems += [f"{path} row {i}: {e}" for e in errs]
            new[(r["article_id"], r["variable"])] = {c: r.get(c, "") for c in S.ADJUDICATION_COLUMNS}
        if problems:
            raise ValidationFailed(problems)
        merged = {(a["article_id"], a["variable"]): a
                  for a in read_table(paths.adjudication, "adjudication")}
        merged.update(new)
        tx = Transaction()
        tx.write(paths.adjudication, render_table(list(merged.values()), "adjudication"))
        tx.commit()
    return len(new)


def update_outlets(path: Path, paths: CorpusPaths | None = None) -> int:
    """Replace existing outlet rows (corrections: bloc with a better source, owner, domains).
    The outlet_id must already exist; the whole corpus is re-checked before writing."""
    from .validate import check_outlet_row
    paths = paths or CorpusPaths()
    rows = read_csv_rows(path, S.OUTLET_COLUMNS)
    with locked(paths):
        tables = {n: read_table(getattr(paths, n), n)
                  for n in ("outlets", "articles", "codes", "queries", "adjudication")}
        outlets = {o["outlet_id"]: o for o in tables["outlets"]}
        problems = []
        for i, r in enumerate(rows, start=2):
            row = {c: r.get(c, "") for c in S.OUTLET_COLUMNS}
            errs = check_outlet_row(row)
            if row["outlet_id"] not in outlets:
                errs.append(f"outlet {row['outlet_id']!r} does not exist (new outlets come with ingest)")
            problems += [f"{path} row {i}: {e}" for e in errs]
            if not errs:
                outlets[row["outlet_id"]] = row
        tables["outlets"] = list(outlets.values())
        problems += check_tables(tables)
        if problems:
            raise ValidationFailed(problems)
        tx = Transaction()
        tx.write(paths.outlets, render_table(tables["outlets"], "outlets"))
        tx.commit()
    return len(rows)
