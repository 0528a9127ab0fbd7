"""Qantar: a reproducible media-framing study of Kazakhstan's January 2022 unrest.

The package holds all logic; ``python -m analysis <command>`` is a thin CLI over it.
Modules have one job each: ``paths`` (where files live), ``schema`` (the data contract),
``textnorm`` (per-language normalisation and tokenising), ``lexicon`` (data-file lexicons and the
phrase matcher), ``store`` (locked, atomic table I/O), ``ingest``, ``validate``, ``hydrate``,
``corpus`` (re-iterable corpora), and the analysis modules built on them.
"""
__version__ = "0.1.0"
