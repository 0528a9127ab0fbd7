"""Commands beyond ingest/validate, registered on the CLI (kept apart so cli.py stays thin)."""
from __future__ import annotations

from .cli import command  # noqa: F401
