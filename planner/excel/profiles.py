"""Load declarative import profiles (imports/*.toml) into checked, ready-to-run objects.

A profile says which sheet, where the header is, which columns mean which field and how each
cell is typed. A typo in a profile raises `ProfileError` at load time, not halfway an import.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planner.excel.errors import ProfileError
from planner.excel.values import TYPES, make_converter, normalise_label

PROFILE_DIR = Path(__file__).resolve().parents[2] / "imports"
FORMATS = ("xlsx", "csv", "json")

_PROFILE_KEYS = {
    "name",
    "title",
    "description",
    "formats",
    "json_layout",
    "json_path",
    "metadata",
    "municipality_column",
    "options",
    "tables",
}
_TABLE_KEYS = {
    "target",
    "sheet",
    "sheet_pattern",
    "optional",
    "header_scan",
    "keys",
    "footer",
    "formulas",
    "extra_indicators",
    "columns",
}
_COLUMN_KEYS = {
    "label",
    "aliases",
    "type",
    "required",
    "secret",
    "null",
    "indicator",
    "title",
    "unit",
    "decimal",
    "scale",
    "negate",
    "example",
    "max_length",
    "extract",
    "pattern",
    "prefix",
    "width",
    "upper",
    "values",
}
_METADATA_KEYS = {"key", "title", "unit", "only"}


@dataclass(frozen=True, slots=True)
class Column:
    field: str
    label: str  # Dutch name for messages and the mapping screen
    aliases: tuple[str, ...]  # normalised header texts that mean this field, in preference order
    type: str
    required: bool
    convert: Callable
    secret: frozenset[str] = frozenset()  # cell texts meaning "geheim": None plus a flag
    null: frozenset[str] = frozenset()  # cell texts meaning "no value"
    indicator: bool = False  # the value is a measurement of the row's area
    title: str | None = None
    unit: str | None = None
    spec: dict = field(default_factory=dict, compare=False)  # as written, for saving a mapping
    markers: frozenset[str] = frozenset()  # secret | null, one lookup in the row loop


@dataclass(frozen=True, slots=True)
class Table:
    target: str  # entity the importer writes: areas, measurements, budget_lines, ...
    columns: tuple[Column, ...]
    keys: tuple[str, ...] = ()  # fields that identify a row for upsert
    sheet: str | None = None
    sheet_pattern: str | None = None
    optional: bool = False
    header_scan: int = 20
    footer: tuple[str, ...] = ()  # a row starting with one of these ends the data ("Bron:")
    formulas: str = "reject"  # or "cached": take the value Excel calculated
    extra_indicators: bool = False  # unmatched columns become indicators (titles from metadata)


@dataclass(frozen=True, slots=True)
class Profile:
    name: str
    title: str
    tables: tuple[Table, ...]
    formats: tuple[str, ...] = FORMATS
    description: str = ""
    json_layout: str = "records"
    json_path: str | None = None
    metadata: dict | None = None  # how to read a companion metadata file (CBS DataProperties)
    path: Path | None = None
    # The field holding the municipality (name or CBS code) in a file of many municipalities: with
    # the option "alleen mijn gemeente" the engine skips the rows of every other municipality.
    municipality_column: str | None = None
    # Defaults for the import's options (an option given with the upload wins): how the profile's
    # files are read, e.g. the begroting-export's baten/lasten from the sign of the amounts.
    options: tuple[tuple[str, str], ...] = ()


def load_profile(name_or_path: str | Path, directory: Path | None = None) -> Profile:
    path = Path(name_or_path)
    if path.suffix != ".toml":
        path = (directory or PROFILE_DIR) / f"{name_or_path}.toml"
    if not path.is_file():
        raise ProfileError(f"Profiel '{name_or_path}' bestaat niet (gezocht: {path}).")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path.name}: {exc}") from exc
    return profile_from_dict(data, default_name=path.stem, path=path)


def list_profiles(directory: Path | None = None) -> list[Profile]:
    return [load_profile(p) for p in sorted((directory or PROFILE_DIR).glob("*.toml"))]


def profile_from_dict(data: dict, default_name: str = "", path: Path | None = None) -> Profile:
    """Also the entry point for a mapping a user made in the browser."""
    name = data.get("name", default_name)
    where = f"profiel '{name}'"
    _check_keys(data, _PROFILE_KEYS | _TABLE_KEYS, where)
    # A one-sheet profile may put its table keys at the top level.
    raw_tables = data.get("tables") or [{k: v for k, v in data.items() if k in _TABLE_KEYS}]
    tables = tuple(_table(t, f"{where}, tabel {i + 1}") for i, t in enumerate(raw_tables))
    formats = tuple(data.get("formats", FORMATS))
    if unknown := set(formats) - set(FORMATS):
        raise ProfileError(f"{where}: onbekend formaat {sorted(unknown)}; kies uit {FORMATS}.")
    metadata = data.get("metadata")
    if metadata is not None:
        _check_keys(metadata, _METADATA_KEYS, f"{where}, metadata")
    municipality_column = data.get("municipality_column")
    if municipality_column is not None and not any(c.field == municipality_column for t in tables for c in t.columns):
        raise ProfileError(f"{where}: municipality_column '{municipality_column}' is geen kolom van het profiel.")
    return Profile(
        name=name,
        title=data.get("title", name),
        tables=tables,
        formats=formats,
        description=data.get("description", ""),
        json_layout=data.get("json_layout", "records"),
        json_path=data.get("json_path"),
        metadata=metadata,
        path=path,
        municipality_column=municipality_column,
        options=tuple((str(k), str(v)) for k, v in (data.get("options") or {}).items()),
    )


def _table(data: dict, where: str) -> Table:
    _check_keys(data, _TABLE_KEYS, where)
    if "target" not in data or not data.get("columns"):
        raise ProfileError(f"{where}: 'target' en 'columns' zijn verplicht.")
    columns = tuple(_column(f, spec, f"{where}, kolom '{f}'") for f, spec in data["columns"].items())
    fields = {c.field for c in columns}
    keys = tuple(data.get("keys", ()))
    if missing := [k for k in keys if k not in fields]:
        raise ProfileError(f"{where}: sleutelkolom {missing} staat niet bij de kolommen.")
    if data.get("formulas", "reject") not in ("reject", "cached"):
        raise ProfileError(f"{where}: 'formulas' is 'reject' of 'cached'.")
    return Table(
        target=data["target"],
        columns=columns,
        keys=keys,
        sheet=data.get("sheet"),
        sheet_pattern=data.get("sheet_pattern"),
        optional=data.get("optional", False),
        header_scan=data.get("header_scan", 20),
        footer=tuple(data.get("footer", ())),
        formulas=data.get("formulas", "reject"),
        extra_indicators=data.get("extra_indicators", False),
    )


def _column(name: str, spec: dict, where: str) -> Column:
    _check_keys(spec, _COLUMN_KEYS, where)
    type_ = spec.get("type", "text")
    if type_ not in TYPES:
        raise ProfileError(f"{where}: onbekend type '{type_}'; kies uit {', '.join(TYPES)}.")
    if type_ == "enum" and not spec.get("values"):
        raise ProfileError(f"{where}: een enum heeft 'values' nodig.")
    aliases = spec.get("aliases") or [name]
    secret, null = frozenset(spec.get("secret", ())), frozenset(spec.get("null", ()))
    return Column(
        field=name,
        label=spec.get("label", aliases[0]),
        aliases=tuple(dict.fromkeys(normalise_label(a) for a in aliases)),
        type=type_,
        required=spec.get("required", False),
        convert=make_converter(type_, spec),
        secret=secret,
        null=null,
        markers=secret | null,
        indicator=spec.get("indicator", False),
        title=spec.get("title"),
        unit=spec.get("unit"),
        spec=spec,
    )


def _check_keys(data: dict, allowed: set, where: str) -> None:
    if unknown := set(data) - allowed:
        raise ProfileError(f"{where}: onbekende sleutel(s) {sorted(unknown)}.")
