"""Apply a profile to a file: pick the sheet, find the header, map columns, type every cell,
and collect every row error (not just the first) with its sheet, row and column."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass, field
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path

from planner.excel.columns import ROWS_PER_CHUNK, Step, typed_rows
from planner.excel.errors import ErrorLog, FileRejected, RowError, row_error
from planner.excel.profiles import Column, Profile, Table
from planner.excel.reader import Sheet, column_letter, decode_text, first_value, read_workbook
from planner.excel.spool import Spool
from planner.excel.values import make_converter, normalise_label, shown


@dataclass(slots=True)
class Record:
    row: int  # 1-based line in the file, for errors the importer finds later (unknown ward)
    values: dict
    secret: tuple[str, ...] = ()  # fields whose cell said "geheim": value None, not zero

    def key(self, fields: tuple[str, ...]) -> tuple:
        values = self.values
        return tuple([values.get(f) for f in fields])


class Records(Spool):
    """A table's records in the order of the file: the first `keep` in memory, later ones in a
    temporary file (see Spool), so a sheet of a million rows is held a chunk at a time while it is
    checked and while it is written."""

    __slots__ = ()

    @staticmethod
    def pack(record: Record) -> tuple:
        return record.row, record.values, record.secret

    @staticmethod
    def unpack(packed: tuple) -> Record:
        return Record(*packed)


@dataclass(slots=True)
class Indicator:
    field: str
    title: str
    unit: str | None


@dataclass(slots=True)
class TableResult:
    target: str
    keys: tuple[str, ...]
    sheet: str | None = None
    header_row: int | None = None  # 1-based
    mapping: dict[str, str] = field(default_factory=dict)  # field -> header as written
    unmatched: list[str] = field(default_factory=list)  # headers no field claimed
    indicators: list[Indicator] = field(default_factory=list)
    records: Records = field(default_factory=Records)
    rows_read: int = 0  # data rows seen, valid or not
    cents: frozenset[str] = frozenset()  # money fields whose values are ints of cents (parse(cents=True))
    # Rows of other municipalities left out (parse(municipality=...)): their count and the
    # municipalities as written in the file.
    skipped_rows: int = 0
    skipped: set[str] = field(default_factory=set)

    def by_key(self) -> dict[tuple, Record]:
        """Records by the profile's key columns, as the importer upserts them."""
        return {r.key(self.keys): r for r in self.records}


@dataclass(slots=True)
class ParseResult:
    profile: str
    tables: list[TableResult]
    errors: ErrorLog = field(default_factory=ErrorLog)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def records(self) -> list[Record]:
        """The first table's records: most profiles have one table."""
        return self.tables[0].records if self.tables else []

    def table(self, target: str) -> TableResult:
        for table in self.tables:
            if table.target == target:
                return table
        raise KeyError(target)


def parse(
    source,
    profile: Profile,
    *,
    filename: str | None = None,
    metadata=None,
    max_bytes: int | None = None,
    cents: bool = False,
    municipality: frozenset[str] | None = None,
    progress=None,
    max_rows: int | None = None,
    stream_cells: int | None = None,
    spool_after: int | None = None,
) -> ParseResult:
    """Read `source` (path, bytes or file object) with `profile`. Raises FileRejected when the
    file as a whole is unusable; everything else ends up in `errors`. `cents`: plain money columns
    (no scale or sign flip) give ints of cents instead of Decimals, listed in each table's
    `cents`: a bulk importer then makes no Decimal per cell (a third of a budget export's typing).
    `municipality`: how the own municipality is written (name, CBS code), case-folded; the rows
    whose `profile.municipality_column` says another municipality are skipped, not checked.
    `progress(rows_read, rows_in_sheet)` is called now and then while the rows are read.
    `stream_cells`: see `read_workbook`; `spool_after`: see `Records`."""
    if filename is None and isinstance(source, (str, Path)):
        filename = Path(source).name
    suffix = Path(filename or "").suffix.lower().lstrip(".")
    if suffix in ("csv", "xlsx", "json", "txt", "tsv") and _format(suffix) not in profile.formats:
        wanted = " of ".join(f".{f}" for f in profile.formats)
        raise FileRejected(
            f"Het profiel '{profile.title}' leest {wanted}-bestanden, geen .{suffix}. "
            "Kies een ander profiel of een ander bestand."
        )
    sheets = read_workbook(
        source,
        filename,
        json_layout=profile.json_layout,
        json_path=profile.json_path,
        max_bytes=max_bytes,
        max_rows=max_rows,
        stream_cells=stream_cells,
    )
    titles = _metadata_titles(metadata, profile.metadata) if metadata is not None else {}
    result = ParseResult(profile.name, [])
    for table in profile.tables:
        only = (profile.municipality_column, municipality) if municipality is not None else None
        result.tables.append(_parse_table(sheets, table, titles, result, cents, only, progress, spool_after))
    lines = next((s.lines for s in sheets if s.lines), None)
    if lines:
        result.errors = ErrorLog(with_line(e, lines) for e in result.errors)
    return result


def with_line(error: RowError, lines: dict[int, int]) -> RowError:
    """A CSV error names the row as a spreadsheet shows it and, where a text editor would count
    otherwise (a quoted cell over several lines above it), the line in the file as well."""
    line = lines.get(error.row) if error.row else None
    if line is None:
        return error
    message = error.message.replace(f"ij {error.row}", f"ij {error.row} (regel {line} in het bestand)", 1)
    return dataclasses.replace(error, message=message)


def _format(suffix: str) -> str:
    return "csv" if suffix in ("txt", "tsv") else suffix


# --- sheet and header ---------------------------------------------------------------------------


def _choose_sheet(sheets: list[Sheet], table: Table, result: ParseResult) -> Sheet | None:
    if len(sheets) == 1 and sheets[0].name is None:
        return sheets[0]  # csv, json
    if table.sheet or table.sheet_pattern:
        wanted = normalise_label(table.sheet) if table.sheet else None
        found = [
            s
            for s in sheets
            if (normalise_label(s.name) == wanted if wanted else re.search(table.sheet_pattern, s.name, re.I))
        ]
        if not found:
            if not table.optional:
                names = ", ".join(f"'{s.name}'" for s in sheets)
                result.errors.append(
                    row_error(
                        None,
                        None,
                        None,
                        f"Het werkblad '{table.sheet or table.sheet_pattern}' ontbreekt (de werkmap heeft {names}). "
                        "Geef het werkblad deze naam of kies een ander profiel.",
                    )
                )
            return None
        sheet = next((s for s in found if not s.hidden), found[0])
        if sheet.hidden:
            result.errors.append(
                row_error(
                    sheet.name,
                    None,
                    None,
                    "Dit werkblad is verborgen. Maak het zichtbaar (rechtsklik op een tabblad → Zichtbaar maken) "
                    "als de gegevens erop ingelezen moeten worden, of verwijder het.",
                )
            )
            return None
        return sheet
    visible = [s for s in sheets if not s.hidden]
    for hidden in (s for s in sheets if s.hidden and _has_data(s)):
        result.warnings.append(f"Werkblad '{hidden.name}' is verborgen en is niet ingelezen.")
    if not visible:
        result.errors.append(
            row_error(
                None,
                None,
                None,
                "De werkmap heeft alleen verborgen werkbladen. Maak het werkblad met de gegevens zichtbaar.",
            )
        )
        return None
    # The visible sheet whose header looks most like the profile: skips cover and notes sheets.
    return max(visible, key=lambda s: _find_header(s, table)[1])


def _has_data(sheet: Sheet) -> bool:
    return sheet.has_data()


def _find_header(sheet: Sheet, table: Table) -> tuple[int, int]:
    """(row index, number of fields matched) of the best header row among the first rows."""
    wanted = {alias for col in table.columns for alias in col.aliases}
    best, best_score = 0, 0
    for i, row in enumerate(sheet.head(table.header_scan)):
        score = len({normalise_label(v) for v in row if type(v) is str} & wanted)
        if score > best_score:
            best, best_score = i, score
    return best, best_score


def _map_columns(header: list, table: Table) -> tuple[dict[str, int], list[int]]:
    """field -> column index, taking for each field the header matching its earliest alias."""
    labels = {}
    for idx, cell in enumerate(header):
        if cell is not None:
            labels.setdefault(normalise_label(cell), idx)
    mapping, used = {}, set()
    for col in table.columns:
        for alias in col.aliases:
            idx = labels.get(alias)
            if idx is not None and idx not in used:
                mapping[col.field] = idx
                used.add(idx)
                break
    unmatched = [i for i, cell in enumerate(header) if cell is not None and i not in used]
    return mapping, unmatched


# --- rows -----------------------------------------------------------------------------------------


def _parse_table(
    sheets: list[Sheet],
    table: Table,
    titles: dict,
    result: ParseResult,
    cents: bool,
    only=None,
    progress=None,
    spool_after: int | None = None,
) -> TableResult:
    out = TableResult(table.target, table.keys, records=Records(keep=spool_after))
    sheet = _choose_sheet(sheets, table, result)
    if sheet is None:
        return out
    out.sheet = sheet.name
    errors = result.errors
    if not _has_data(sheet):
        errors.append(
            row_error(sheet.name, None, None, "Het werkblad is leeg. Kies het bestand of werkblad met de gegevens.")
        )
        return out
    header_idx, score = _find_header(sheet, table)
    header = [shown(v) if v is not None else None for v in sheet.head(header_idx + 1)[header_idx]]
    mapping, unmatched = _map_columns(header, table)
    out.header_row = header_idx + 1
    out.mapping = {f: header[i] for f, i in mapping.items()}
    out.unmatched = [header[i] for i in unmatched]

    columns = [c for c in table.columns if c.field in mapping]
    if table.extra_indicators:
        for col, idx in _extra_indicator_columns(header, unmatched, titles):
            columns.append(col)
            mapping[col.field] = idx
            out.unmatched.remove(col.label)
    for col in columns:
        if col.indicator:
            meta_title, meta_unit = titles.get(header[mapping[col.field]], (None, None))
            out.indicators.append(Indicator(col.field, col.title or meta_title or col.label, col.unit or meta_unit))

    missing = [c for c in table.columns if c.required and c.field not in mapping]
    for col in missing:
        looked_for = ", ".join(f"'{a}'" for a in col.spec.get("aliases", [col.field]))
        errors.append(
            row_error(
                sheet.name,
                out.header_row if score else None,
                None,
                f"de verplichte kolom '{col.label}' ontbreekt. Gezocht naar een kop {looked_for}. "
                "Geef de kolom een van deze namen.",
            )
        )
    if missing:
        return out
    if not columns:  # every column optional, and not one of them in the header row
        looked_for = ", ".join(f"'{c.label}'" for c in table.columns)
        errors.append(
            row_error(
                sheet.name,
                out.header_row if score else None,
                None,
                f"geen enkele kolom van dit profiel gevonden (gezocht naar {looked_for}). Kies het profiel dat bij "
                "dit bestand hoort, of geef de kolommen deze namen.",
            )
        )
        return out

    _check_merged(sheet, header_idx, set(mapping.values()), header, errors)
    # left to right, so errors in one row come in the order the user reads them
    steps = sorted(
        (Step(c, mapping[c.field], header[mapping[c.field]], cents=cents) for c in columns), key=lambda s: s.index
    )
    out.cents = frozenset(s.field for s in steps if s.cents)
    flagged = _flagged_by_row(sheet, table, steps)
    footer = tuple(f.casefold() for f in table.footer)
    # hash(key) -> the first row with it: a million keys as tuples took 200 MB, their hashes take half of
    # that (64 bits: about one chance in 30 million that two of a million different keys share one)
    keyed: dict = {}
    mapped_keys = tuple(k for k in table.keys if k in mapping)
    key_of = itemgetter(*mapped_keys) if table.keys and mapped_keys else None
    single = len(mapped_keys) == 1
    names = [s.field for s in steps]

    def add(chunk):
        row_nos, rows, problems, secrets = typed_rows(sheet.name, chunk, steps, flagged)
        if not any(problems.values()) and not any(secrets.values()):
            # the common chunk, nothing wrong and nothing "geheim": records in one go
            records = [Record(row, dict(zip(names, values))) for row, values in zip(row_nos, rows)]
            if key_of is not None and not _new_keys(keyed, [key_of(r.values) for r in records], row_nos, single):
                for record in records:
                    check_key(record)
            out.records.extend(records)
            return
        # every row's problems, then its duplicate key, row by row: the order the user reads them
        for k, values in enumerate(rows):
            found = problems.get(k)
            if found:
                errors.extend(found)
                continue
            record = Record(row_nos[k], dict(zip(names, values)), tuple(secrets.get(k, ())))
            if key_of is not None:
                check_key(record)
            out.records.append(record)

    def check_key(record):
        key = key_of(record.values)
        # a new row without a key yet (e.g. added in Excel to a programme workbook) is not checked
        if (key is not None) if single else (None not in key):
            first_row = keyed.setdefault(hash(key), record.row)
            if first_row != record.row:
                _duplicate(record, first_row, mapped_keys, sheet.name, out.mapping, errors)

    # (column index, accepted values) of the own-municipality filter, when the table has that column
    own = (mapping[only[0]], only[1]) if only and only[0] in mapping else None
    skipped = out.skipped
    chunk, rows_read = [], 0
    total = sheet.height() - header_idx - 1 if progress is not None else 0
    # rows are streamed from the reader (row by row for xlsx) and typed a chunk at a time
    for i, row in enumerate(islice(sheet.raw_rows(), header_idx + 1, None), start=header_idx + 1):
        first = row[0] if row else None
        if type(first) is not float and type(first) is not int:  # a number in column A: data, not a footer
            first = first_value(row)
            if first is None:
                continue
            if footer and type(first) is str and first.casefold().startswith(footer):
                break
        if own is not None:
            cell = row[own[0]] if own[0] < len(row) else None
            written = shown(cell).strip() if cell is not None else ""
            if written and written.casefold() not in own[1]:  # an empty cell is reported, not skipped
                out.skipped_rows += 1
                skipped.add(written)
                continue
        rows_read += 1
        chunk.append((i, row))
        if len(chunk) == ROWS_PER_CHUNK:
            add(chunk)
            chunk = []
            if progress is not None:
                progress(rows_read, total)
    if chunk:
        add(chunk)
    out.rows_read = rows_read
    return out


def _new_keys(keyed: dict, keys: list, row_nos: list, single: bool) -> bool:
    """A chunk's keys, all complete and none seen before nor twice in it, added to `keyed` (hash(key) ->
    first row) in one go; False (and nothing added) when any is not, for the row-by-row check."""
    complete = (None not in keys) if single else (None not in chain.from_iterable(keys))
    fresh = dict(zip(map(hash, keys), row_nos))
    if complete and len(fresh) == len(keys) and keyed.keys().isdisjoint(fresh):
        keyed.update(fresh)
        return True
    return False


def _flagged_by_row(sheet: Sheet, table: Table, steps) -> dict[int, dict[int, tuple[str, str]]]:
    """Formula and error cells in mapped columns only: a formula beside the data is harmless."""
    used = {step.index for step in steps}
    by_row: dict[int, dict] = {}
    for (r, c), (kind, text) in sheet.flagged.items():
        if c in used and not (kind == "formula" and table.formulas == "cached"):
            by_row.setdefault(r, {})[c] = (kind, text)
    return by_row


def _check_merged(sheet: Sheet, header_idx: int, used: set[int], header: list, errors) -> None:
    for r1, c1, r2, c2 in sheet.merged:
        span = f"{column_letter(c1)}{r1 + 1}:{column_letter(c2)}{r2 + 1}"
        if r1 <= header_idx <= r2:
            errors.append(
                row_error(
                    sheet.name,
                    header_idx + 1,
                    header[c1] or column_letter(c1),
                    f"de kopcellen {span} zijn samengevoegd. Maak het samenvoegen ongedaan en geef "
                    "elke kolom een eigen kop.",
                )
            )
        elif r1 > header_idx and any(c in used for c in range(c1, c2 + 1)):
            errors.append(
                row_error(
                    sheet.name,
                    r1 + 1,
                    header[c1] or column_letter(c1),
                    f"de cellen {span} zijn samengevoegd; alleen de eerste heeft een waarde. Maak het "
                    "samenvoegen ongedaan en vul elke cel.",
                )
            )


def _duplicate(record: Record, first: int, mapped_keys, sheet_name, labels, errors) -> None:
    described = ", ".join(f"{labels[k]} = {shown(record.values[k])}" for k in mapped_keys)
    errors.append(
        row_error(
            sheet_name,
            record.row,
            labels[mapped_keys[0]],
            f"dezelfde sleutel ({described}) staat ook in rij {first}. Elke sleutel mag maar één "
            "keer voorkomen: verwijder of verbeter een van beide rijen.",
        )
    )


# --- indicators from a metadata file ----------------------------------------------------------------


def _metadata_titles(source, spec: dict | None) -> dict[str, tuple[str, str | None]]:
    """CBS ships titles and units of its columns separately (DataProperties): key -> (title, unit)."""
    spec = spec or {}
    data = (
        source.read()
        if hasattr(source, "read")
        else (source if isinstance(source, (bytes, bytearray)) else Path(source).read_bytes())
    )
    try:
        items = json.loads(decode_text(bytes(data)))
    except ValueError as exc:
        raise FileRejected(f"Het metadatabestand is geen geldige JSON: {exc}.") from exc
    key, title, unit = spec.get("key", "Key"), spec.get("title", "Title"), spec.get("unit", "Unit")
    only = spec.get("only", {})
    return {
        item[key]: (item.get(title), item.get(unit))
        for item in items
        if isinstance(item, dict) and item.get(key) and all(item.get(k) == v for k, v in only.items())
    }


def _extra_indicator_columns(header, unmatched, titles) -> list[tuple[Column, int]]:
    """Unmatched columns the metadata knows become decimal indicators named by their key."""
    return [
        (
            Column(
                field=header[idx],
                label=header[idx],
                aliases=(normalise_label(header[idx]),),
                type="decimal",
                required=False,
                convert=make_converter("decimal", {}),
                indicator=True,
            ),
            idx,
        )
        for idx in unmatched
        if header[idx] in titles
    ]
