"""Column mapping for layouts no profile knows: the sheet's headers, and a user's mapping saved as
a new profile (table `import_profiles`) built from the profile it started from."""

from __future__ import annotations

import io
import json
import re
import tomllib

from sqlalchemy import select

from planner.core.errors import PlannerError
from planner.excel.models import ImportProfile
from planner.excel.profiles import Profile, profile_from_dict
from planner.excel.reader import read_workbook
from planner.excel.runner import shipped_profiles
from planner.extensions import db


def sheet_headers(data: bytes, filename: str, profile: Profile) -> tuple[str | None, list[str]]:
    """(sheet name, header texts) of the first visible sheet with data: the row among the first
    20 with the most text cells is taken as the header (title rows above it have one)."""
    sheets = read_workbook(io.BytesIO(data), filename, json_layout=profile.json_layout, json_path=profile.json_path)
    for sheet in sheets:
        head = [] if sheet.hidden else sheet.head(20)
        if not head:
            continue
        best = max(head, key=lambda row: sum(isinstance(v, str) and bool(v.strip()) for v in row))
        headers = [str(v).strip() for v in best if v is not None and str(v).strip()]
        if headers:
            return sheet.name, list(dict.fromkeys(headers))
    return None, []


def mappable(profile: Profile) -> bool:
    return len(profile.tables) == 1


def profile_source(profile: Profile) -> dict:
    """The profile as written (TOML file or saved JSON), to copy types, units and keys from."""
    if profile.path is not None:
        return tomllib.loads(profile.path.read_text(encoding="utf-8"))
    row = db.session.scalar(select(ImportProfile).where(ImportProfile.name == profile.name))
    return json.loads(row.definition)


def save_mapping(base: Profile, title: str, mapping: dict[str, str], sheet: str | None, user) -> ImportProfile:
    """Store `base` with its columns found under the headers the user chose. Flushes."""
    source = profile_source(base)
    table = (source.get("tables") or [source])[0]
    columns = {}
    for field, spec in table["columns"].items():
        header = mapping.get(field)
        if header:
            columns[field] = {**spec, "aliases": [header], "label": spec.get("label", header)}
    keys = [k for k in table.get("keys", []) if k in columns]
    name = _unique_name(title)
    definition = {
        "name": name,
        "title": title.strip(),
        "formats": source.get("formats", ["xlsx", "csv"]),
        "target": table["target"],
        "keys": keys,
        "columns": columns,
        "description": f"Eigen koppeling op basis van '{base.title}'.",
    }
    for key in ("footer", "formulas", "header_scan", "extra_indicators"):
        if key in table:
            definition[key] = table[key]
    for key in ("json_layout", "json_path", "metadata"):
        if key in source:
            definition[key] = source[key]
    if sheet:
        definition["sheet"] = sheet
    profile_from_dict(definition)  # refuses a broken profile before it is stored
    row = ImportProfile(
        name=name,
        title=title.strip(),
        target=table["target"],
        definition=json.dumps(definition, ensure_ascii=False),
        created_by_id=getattr(user, "id", None),
    )
    db.session.add(row)
    db.session.flush()
    return row


def _unique_name(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")[:60] or "profiel"
    taken = {p.name for p in shipped_profiles()} | set(db.session.scalars(select(ImportProfile.name)))
    if not title.strip():
        raise PlannerError("Geef het profiel een naam.", "title")
    name, n = f"eigen-{slug}", 2
    while name in taken:
        name, n = f"eigen-{slug}-{n}", n + 1
    return name
