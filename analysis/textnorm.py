"""Per-language orthographic normalisation, sentence splitting and tokenising.

Ingest stores tokens only *orthographically* normalised (case, Arabic letter variants, diacritics,
tatweel, Turkish dotted/dotless i, Russian ё); stemming, lemmas and stopwords are applied later, at
analysis time (see :mod:`analysis.stemming`), so they can change without re-collecting anything.
"""
from __future__ import annotations

import re
import unicodedata

import pyarabic.araby as araby

from .schema import LANGUAGES

_AR_YAA = str.maketrans({"ى": "ي", "ی": "ي", "ک": "ك", "ۀ": "ه"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_TR_CIRCUMFLEX = str.maketrans({"â": "a", "î": "i", "û": "u"})
# Word tokens: letters/digits with internal hyphens; apostrophe suffixes are cut off (Kazakistan'da,
# Kazakhstan's -> kazakistan, kazakhstan) since they carry case/possession, not content.
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_APOS_SUFFIX = re.compile(r"(?<=\w)'[^\W\d_]*")
_ABBREV = (
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e",
    "vs", "no", "inc", "ltd", "co", "corp", "jr", "sr", "т", "г", "гг", "ул", "им", "т.е", "т.д",
    "т.п", "др", "млн", "млрд", "тыс", "руб", "н.э", "vb", "bkz", "yy", "sn", "dk", "av", "doç",
)
_SENT_END = re.compile(r"([.!?؟…]+[\"'»”)\]]*)(\s+)")


def normalise(text: str, language: str) -> str:
    """Orthographic normalisation of running text for ``language`` (keeps word order)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    if language == "ar":
        text = araby.strip_tashkeel(araby.strip_tatweel(text))
        text = araby.normalize_ligature(text)
        text = text.translate(_AR_YAA)          # ى -> ي first (pyarabic would fold it into ا)
        text = araby.normalize_alef(text)       # أ إ آ ٱ -> ا
        text = araby.normalize_teh(text)        # ة -> ه
        return text.lower()                     # Latin names inside Arabic text
    if language == "tr":
        text = text.replace("I", "ı").replace("İ", "i").lower()
        text = unicodedata.normalize("NFC", text).translate(_TR_CIRCUMFLEX)
        return text.replace("i̇", "i")        # stray combining dot from decomposed input
    if language in ("ru", "kk"):
        return text.lower().replace("ё", "е")
    return text.lower()


def tokens(text: str, language: str) -> list[str]:
    """Normalised word tokens of ``text`` in order (punctuation dropped)."""
    norm = _APOS_SUFFIX.sub("", normalise(text, language))
    return _TOKEN.findall(norm)


def split_sentences(text: str) -> list[str]:
    """Split a headline+lead into sentences.

    Lines are hard boundaries (the headline is its own sentence); inside a line, a break follows
    ``. ! ? ؟ …`` plus whitespace, unless the word before is a known abbreviation or an initial.
    Rule-based on purpose: leads are short and cross four languages; see docs for the trade-off.
    """
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for m in _SENT_END.finditer(line):
            before = line[start:m.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            if last in _ABBREV or (len(last) == 1 and last.isalpha() and m.group(1) == "."):
                continue
            nxt = line[m.end():m.end() + 1]
            if nxt and nxt.islower() and nxt.isascii():
                continue  # "... 5 p.m. local time" style continuations
            out.append(line[start:m.end(1)].strip())
            start = m.end()
        tail = line[start:].strip()
        if tail:
            out.append(tail)
    return [s for s in out if any(ch.isalnum() for ch in s)]


# ---------------------------------------------------------------- language and encoding checks
_SCRIPTS = {
    "arabic": re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]"),
    "cyrillic": re.compile(r"[\u0400-\u04FF]"),
    "latin": re.compile(r"[A-Za-z\u00C0-\u024F]"),
}
_KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_TURKISH_LETTERS = re.compile(r"[ğışİĞŞçöüÇÖÜ]")
_MOJIBAKE = re.compile(r"(Ã[\x80-\xbf]|Ø[\xa0-\xbf]|Ù[\x80-\x8a]|Ð[\x90-\xbf]|Ñ[\x80-\x8f]|â€|Ä±|ÅŸ|Ä\x9f)")


def script_shares(text: str) -> dict[str, float]:
    letters = sum(1 for ch in text if ch.isalpha()) or 1
    return {k: len(p.findall(text)) / letters for k, p in _SCRIPTS.items()}


def guess_language(text: str) -> str:
    """A coarse guess among ar/tr/ru/en/kk from script and a few signals (for validation only)."""
    shares = script_shares(text)
    script = max(shares, key=shares.get)
    if script == "arabic":
        return "ar"
    if script == "cyrillic":
        letters = sum(1 for ch in text if ch.isalpha()) or 1
        return "kk" if len(_KAZAKH_LETTERS.findall(text)) / letters > 0.01 else "ru"
    from .stopwords import stopwords  # lazy: stopword lists load once
    words = [w for w in re.findall(r"[^\W\d_]+", text.lower())]
    if not words:
        return "en"
    tr_hits = sum(w in stopwords("tr") for w in words) + 3 * len(_TURKISH_LETTERS.findall(text))
    en_hits = sum(w in stopwords("en") for w in words)
    return "tr" if tr_hits > en_hits else "en"


def check_text(text: str) -> list[str]:
    """Problems with raw decoded text: empty, replacement characters, mojibake."""
    problems = []
    if not text.strip():
        problems.append("text is empty")
        return problems
    if "\ufffd" in text:
        problems.append("text contains U+FFFD replacement characters (broken encoding)")
    m = _MOJIBAKE.search(text)
    if m:
        problems.append(f"text looks mis-decoded (mojibake {m.group(0)!r}); save it as UTF-8")
    if sum(ch.isalpha() for ch in text) < 40:
        problems.append("text has fewer than 40 letters: not a headline and lead")
    return problems
