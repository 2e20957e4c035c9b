"""Regenerate the English catalogue: extract Dutch msgids, keep known translations, compile.

Run after changing UI text: `.venv/bin/python scripts/update_translations.py`.
"""

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "planner/translations/en/LC_MESSAGES/messages.po"


def main() -> None:
    pot = ROOT / "instance/messages.pot"
    pot.parent.mkdir(exist_ok=True)
    # --ignore-dirs: Babel skips folders starting with "_" by default, which would leave out templates/_macros.
    # Run from the repository with relative arguments, so that the catalogue's "#:" locations are
    # relative to it (planner/errors.py:10), whoever runs it where.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--ignore-dirs",
            ".* __pycache__",
            "-o",
            str(pot),
            ".",
        ],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    template = read_po(pot.open("rb"))
    known = {m.id: m.string for m in read_po(PO.open("rb"))} if PO.exists() else {}
    for message in template:
        if message.id and known.get(message.id):
            message.string = known[message.id]
    template.locale = "en"
    template.fuzzy = False  # a fuzzy header makes `pybabel compile` (run by the set-up scripts) skip the catalogue
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as f:
        write_po(f, template, width=120, omit_header=False)
    with PO.with_suffix(".mo").open("wb") as f:
        write_mo(f, template)
    # A plural message counts as missing while any of its forms is empty.
    missing = [m.id for m in template if m.id and not (all(m.string) if m.pluralizable else m.string)]
    print(f"{len(template)} berichten, {len(missing)} zonder Engelse vertaling")
    for m in missing:
        print("  -", m)


if __name__ == "__main__":
    main()
