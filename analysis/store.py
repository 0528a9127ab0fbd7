"""Reading and writing the corpus files: stable-sorted CSV tables, per-article JSONL features,
an exclusive lock, and all-or-nothing multi-file transactions.

Nothing already collected is lost: a :class:`Transaction` stages every new file next to its target,
then swaps them in; if any step fails, every file it had already replaced is restored from its
backup and staged files are removed.
"""
from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from .errors import InputError
from .paths import CorpusPaths
from .schema import COLUMNS, KEYS


def read_table(path: Path, name: str) -> list[dict]:
    """Rows of a corpus table (empty list if the file does not exist yet)."""
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        expected = COLUMNS[name]
        if reader.fieldnames != expected:
            raise InputError(f"header {reader.fieldnames} != expected {expected}", str(path), 1)
        return [dict(r) for r in reader]


def render_table(rows: list[dict], name: str) -> str:
    cols, keys = COLUMNS[name], KEYS[name]
    rows = sorted(rows, key=lambda r: tuple(str(r.get(k, "")) for k in keys))
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n", extrasaction="raise")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in cols})
    return buf.getvalue()


def render_features(header: dict, sentences: list[dict]) -> str:
    lines = [json.dumps(header, ensure_ascii=False, separators=(",", ":"))]
    lines += [json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in sentences]
    return "\n".join(lines) + "\n"


def read_features(path: Path) -> tuple[dict, list[dict]]:
    with open(path, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    if not lines:
        raise InputError("empty features file", str(path))
    return lines[0], lines[1:]


@contextlib.contextmanager
def locked(paths: CorpusPaths):
    """Exclusive lock on the corpus folder, so parallel ingests queue instead of clobbering."""
    paths.root.mkdir(parents=True, exist_ok=True)
    with open(paths.lock, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Transaction:
    """Stage whole-file writes, then commit them all or none."""

    def __init__(self):
        self._staged: list[tuple[Path, Path]] = []

    def write(self, target: Path, content: str) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".new", dir=target.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        self._staged.append((Path(tmp), target))

    def abort(self) -> None:
        for tmp, _ in self._staged:
            tmp.unlink(missing_ok=True)
        self._staged.clear()

    def commit(self) -> None:
        done: list[tuple[Path, Path | None]] = []  # (target, backup or None if new)
        try:
            for tmp, target in self._staged:
                backup = None
                if target.exists():
                    backup = target.with_name(f".{target.name}.bak")
                    shutil.copy2(target, backup)
                try:
                    os.replace(tmp, target)
                except BaseException:
                    if backup is not None:
                        backup.unlink(missing_ok=True)
                    raise
                done.append((target, backup))
        except BaseException:
            for target, backup in reversed(done):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
            self.abort()
            raise
        for _, backup in done:
            if backup is not None:
                backup.unlink(missing_ok=True)
        self._staged.clear()
