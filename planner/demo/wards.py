"""Read one municipality's wards from the CBS ward list shipped in imports/samples/cbs/.

The demo only needs code, name and municipality, so it reads the file with the csv module; the
Excel engine's `cbs-gebieden` profile is the general way in for real imports.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

WARDS_FILE = Path("cbs") / "wijken-autobezit-2023.csv"


@dataclass(frozen=True)
class Ward:
    code: str
    name: str
    municipality_code: str
    municipality_name: str


def read_wards(samples_dir: Path, municipality_code: str) -> list[Ward]:
    """Wards of one municipality, sorted by code. CBS quirks: BOM, `;`, two title rows, padded codes."""
    path = Path(samples_dir) / WARDS_FILE
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header_at = next(i for i, row in enumerate(rows) if row and row[0].strip() == "Wijknaam")
    wards = []
    for row in rows[header_at + 1 :]:
        if len(row) < 4 or not row[1].strip().startswith("WK"):
            continue  # footnotes and blank lines
        name, code, municipality, gm_code = (cell.strip() for cell in row[:4])
        if gm_code == municipality_code:
            wards.append(Ward(code=code, name=name, municipality_code=gm_code, municipality_name=municipality))
    return sorted(wards, key=lambda w: w.code)
