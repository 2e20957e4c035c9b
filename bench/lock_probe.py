"""How long a budget import holds SQLite's write lock, measured from outside: another connection
tries to take the write lock every few milliseconds while `flask import run` works.

Usage: python bench/lock_probe.py [ROWS] [--dry-run] [--code CHECKOUT]

Makes a fresh SQLite database with the demo in a temp folder, a begroting-export workbook of ROWS
rows (default 100,000; bench/import_bench.py's generator), and imports it for GM0794 in a child
process. Meanwhile this process tries `BEGIN IMMEDIATE` (no waiting) every PROBE_SECONDS and counts
how long each stretch of refusals lasted: the longest is the longest time a post would have waited
for the import. It also counts the budget lines from a second connection: a reader must only ever
see the count before the import or the count after it, never one in between.
Prints the longest hold, the number of holds longer than 0.1 s, their sum, and the counts seen.
`--code CHECKOUT`: import with another checkout of this repository (e.g. `git worktree add --detach
/tmp/old HEAD~3`) through this one's virtualenv, to compare old and new in one session.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBE_SECONDS = 0.005


def main(rows: int, dry_run: bool, code: Path = ROOT) -> None:
    work = Path(tempfile.mkdtemp())
    database = work / "wijkplanner.db"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "SECRET_KEY": "lock-probe",
        "UPLOAD_FOLDER": str(work / "uploads"),
        "HUEY_SQLITE_PATH": str(work / "jobs.db"),
        "PYTHONPATH": str(code),
    }
    flask = [str(ROOT / ".venv/bin/flask"), "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=code)
    subprocess.run([*flask, "demo", "load"], env=env, check=True, capture_output=True, cwd=code)
    sys.path.insert(0, str(ROOT / "bench"))
    from import_bench import generate

    workbook = work / "begroting.xlsx"
    generate(workbook, rows)

    writer = sqlite3.connect(database, timeout=0, isolation_level=None)
    reader = sqlite3.connect(database, timeout=0, isolation_level=None)
    before = reader.execute("SELECT count(*) FROM budget_lines").fetchone()[0]
    command = [*flask, "import", "run", str(workbook), "--profile", "begroting-export", "--option", "area=GM0794"]
    started = time.monotonic()
    child = subprocess.Popen(
        [*command, *(["--dry-run"] if dry_run else [])], env=env, cwd=code, stdout=subprocess.PIPE, text=True
    )
    holds, held_since, counts = [], None, set()
    while child.poll() is None:
        now = time.monotonic()
        try:
            writer.execute("BEGIN IMMEDIATE")
            writer.execute("ROLLBACK")
            if held_since is not None:
                holds.append((held_since - started, now - held_since))
                held_since = None
        except sqlite3.OperationalError:
            held_since = held_since if held_since is not None else now
        # locked out for a moment (rollback journal while the writer spills or commits): no count then
        with contextlib.suppress(sqlite3.OperationalError):
            counts.add(reader.execute("SELECT count(*) FROM budget_lines").fetchone()[0])
        time.sleep(PROBE_SECONDS)
    if held_since is not None:
        holds.append((held_since - started, time.monotonic() - held_since))
    total = time.monotonic() - started
    after = reader.execute("SELECT count(*) FROM budget_lines").fetchone()[0]
    print(child.stdout.read().strip()[-400:])
    long_ones = [h for h in holds if h[1] > 0.1]
    longest = max(holds, key=lambda h: h[1], default=(0, 0))
    print(
        f"{rows} rijen{' (voorbeeld)' if dry_run else ''}: import {total:.1f} s; schrijfslot het langst "
        f"{longest[1]:.2f} s (vanaf {longest[0]:.1f} s), {len(long_ones)} keer langer dan 0,1 s, samen "
        f"{sum(h[1] for h in long_ones):.2f} s"
    )
    print("langer dan 0,1 s:", ", ".join(f"{at:.1f}+{hold:.2f}" for at, hold in long_ones))
    seen = sorted(counts)
    partial = [c for c in seen if c not in (before, after)]
    print(
        f"begrotingsregels voor {before}, na {after}; gezien door een lezer: {seen[:5]}{'…' if len(seen) > 5 else ''}"
    )
    print("GEDEELTELIJK GEZIEN" if partial else "een lezer zag nooit een half ingelezen bestand")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("--dry-run", action="store_true", help="the preview: check and count, store nothing")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose import runs")
    options = parser.parse_args()
    main(options.rows, options.dry_run, options.code.resolve())
