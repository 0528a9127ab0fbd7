"""The data contract: table columns, closed vocabularies and the study window.

Everything here is the single source of truth used by ingest, validate and the analysis; the
codebook (corpus/codebook.md) explains the codes in words.
"""
from __future__ import annotations

import datetime as dt
import re

LANGUAGES = ("ar", "tr", "ru", "en", "kk")
WINDOW = (dt.date(2022, 1, 2), dt.date(2022, 3, 31))

BLOCS = (
    "tr_progov", "tr_opposition", "ru_state", "ru_independent", "kz_state", "kz_independent",
    "arab_sa_uae_eg", "arab_qatar_aligned", "arab_other", "iran_axis", "western", "china_state",
    "other",
)
ACTORS = (
    "econ_grievance", "government", "security_forces", "nazarbayev_clan_elite", "protesters",
    "terrorists_bandits", "islamists", "organized_crime", "foreign_unspecified", "us_west",
    "turkey", "gulen_movement", "russia", "china", "other",
)
VOICES = ("endorsed", "reported")
PROTESTERS_AS = ("citizens", "mixed", "rioters_criminals", "terrorists", "not_discussed")
CSTO_STANCE = ("positive", "neutral", "negative", "not_discussed")
TURKIC_SPRING = ("uses_term", "reports_claim", "rebuts_claim", "none")
FRAMES = (
    "economic_protest", "foreign_plot", "terrorism_security", "elite_power_struggle",
    "crackdown_rights", "russian_influence", "turkic_world", "other",
)
GENRES = ("news", "opinion", "analysis", "official")
# text_bound: the page shows no date; the date is the latest event its own text reports, i.e. a
# terminus post quem (published on or after it). Used only where an article is needed (the
# claim-audit chain) and no date exists; the audit and the report treat such dates as bounds.
DATE_SOURCES = ("metadata", "url", "text", "text_bound")
WIRES = (
    "Anadolu", "TASS", "RIA", "Interfax", "AFP", "Reuters", "AP", "Xinhua", "Sputnik", "IRNA",
    "MENA", "WAM", "SPA", "QNA", "Kazinform", "DPA", "EFE", "ANI", "PTI", "KUNA", "BBC", "RT",
)
CODERS = re.compile(r"^(c[1-9]|adj)$")

OUTLET_COLUMNS = ["outlet_id", "name", "domains", "country", "language", "owner", "bloc",
                  "alignment_source_url"]
ARTICLE_COLUMNS = ["article_id", "url", "outlet_id", "language", "published", "date_source",
                   "genre", "retrieved", "n_chars", "n_sentences", "sha256", "wire_source",
                   "duplicate_of", "via", "query", "collector"]
CODE_VARIABLES = ["blamed", "protesters_as", "csto_stance", "turkic_spring", "primary_frame"]
CODE_COLUMNS = ["article_id", "coder"] + CODE_VARIABLES + ["note"]
QUERY_COLUMNS = ["query", "language", "date_run", "collector", "results_seen", "included",
                 "excl_off_topic", "excl_out_of_window", "excl_duplicate", "excl_not_news",
                 "excl_undatable", "note"]
QUERY_COUNTS = QUERY_COLUMNS[4:11]
ADJUDICATION_COLUMNS = ["article_id", "variable", "c1", "c2", "final", "rationale_note"]
MANIFEST_COLUMNS = ["file", "url", "outlet_id", "language", "published", "date_source", "genre",
                    "wire_source", "query", "coder"] + CODE_VARIABLES + ["note"]

# Keys that make a row unique, and the sort order of each table (stable, reviewable diffs).
KEYS = {
    "outlets": ["outlet_id"],
    "articles": ["article_id"],
    "codes": ["article_id", "coder"],
    "queries": ["collector", "language", "query"],
    "adjudication": ["article_id", "variable"],
}
COLUMNS = {
    "outlets": OUTLET_COLUMNS, "articles": ARTICLE_COLUMNS, "codes": CODE_COLUMNS,
    "queries": QUERY_COLUMNS, "adjudication": ADJUDICATION_COLUMNS,
}

# "No text fields longer than a URL": every cell but URLs and the coders' own notes stays short.
MAX_FIELD = 200
MAX_NOTE = 400
MAX_QUERY_WORDS = 12  # a query is a few keywords; longer ones risk carrying a headline
OWN_WORDS_COLUMNS = ("note", "rationale_note")
OUTLET_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*_(ar|tr|ru|en|kk|multi)$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")


def parse_date(value: str) -> dt.date:
    """Parse YYYY-MM-DD strictly (raises ValueError)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise ValueError(f"date {value!r} is not YYYY-MM-DD")
    return dt.date.fromisoformat(value)


def in_window(day: dt.date) -> bool:
    return WINDOW[0] <= day <= WINDOW[1]


def parse_blamed(value: str) -> dict[str, str]:
    """``"turkey:endorsed;us_west:reported"`` -> ``{"turkey": "endorsed", ...}``.

    Raises ValueError on unknown actors/voices, repeats or unsorted lists."""
    value = (value or "").strip()
    if not value or value == "none":
        return {}
    out: dict[str, str] = {}
    for part in value.split(";"):
        actor, sep, voice = part.strip().partition(":")
        if not sep:
            raise ValueError(f"blamed item {part!r} is not actor:voice")
        if actor not in ACTORS:
            raise ValueError(f"unknown actor {actor!r} (allowed: {', '.join(ACTORS)})")
        if voice not in VOICES:
            raise ValueError(f"unknown voice {voice!r} for {actor} (endorsed|reported)")
        if actor in out:
            raise ValueError(f"actor {actor!r} listed twice")
        out[actor] = voice
    return out


def format_blamed(blamed: dict[str, str]) -> str:
    return ";".join(f"{a}:{blamed[a]}" for a in sorted(blamed))


def check_code_row(row: dict) -> list[str]:
    """Problems with one row of hand codes (empty list when fine)."""
    problems = []
    try:
        parse_blamed(row.get("blamed", ""))
    except ValueError as e:
        problems.append(f"blamed: {e}")
    for col, allowed in (("protesters_as", PROTESTERS_AS), ("csto_stance", CSTO_STANCE),
                         ("turkic_spring", TURKIC_SPRING), ("primary_frame", FRAMES)):
        if row.get(col, "") not in allowed:
            problems.append(f"{col}={row.get(col)!r} not in {{{', '.join(allowed)}}}")
    return problems
