"""Where parsed records go. Each feature registers an *applier* for a profile `target`
(areas, measurements, budget_lines, agenda_items, programme_workbook, contributions …) in its
`init_app`, with what importing into it needs.

An applier gets an ImportContext, writes through the ORM (add + flush, never commit) and
returns an ApplyResult: counts, every row error (with sheet/row/column, in Dutch) and the
changes needed to revert the run. The import runner (one code path for browser and CLI)
rolls everything back when there is any error: imports are all-or-nothing.

    def apply_budget_lines(ctx):
        result = ApplyResult()
        existing = {...prefetched by key...}
        for record in ctx.records:
            ...
            upsert(result, BudgetLine, key={...}, values={...}, existing=existing.get(key))
        return result

    register_target(app, "budget_lines", apply_budget_lines, capability="budget", nationwide=True, cents=True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain

from flask import current_app
from sqlalchemy import inspect, select

from planner.core.audit import jsonable
from planner.excel.errors import ErrorLog, RowError, place
from planner.extensions import db


@dataclass
class ImportContext:
    profile: object  # planner.excel.profiles.Profile
    result: object  # planner.excel.engine.ParseResult
    user: object | None = None
    run_id: int | None = None
    options: dict = field(default_factory=dict)  # e.g. fiscal_year, area (municipality code), kind
    dry_run: bool = False

    def __post_init__(self):
        # The profile's defaults (planner.excel.profiles.Profile.options); the upload's options win.
        defaults = dict(getattr(self.profile, "options", ()) or ())
        if defaults:
            self.options = {**defaults, **self.options}

    @property
    def records(self):
        return self.result.records

    def table(self, target: str):
        return self.result.table(target)


# One change standing for every row of its entity type whose `import_run_id` is the run: a bulk
# importer that sets `import_run_id` on the rows it inserts (and never on rows it updates) records
# the rows it created with this one change instead of one per row. `entity_id` is the run id.
CREATED_BY_RUN = "create_run"


@dataclass
class Change:
    """What to undo: a created row is deleted; an updated row gets its `before` values back;
    CREATED_BY_RUN: every row of the type carrying the run's id in `import_run_id` is deleted
    (with `before={"ids": [first, last]}`, only within that id range: found by primary key)."""

    entity_type: str
    entity_id: int | None
    op: str  # "create", "update" or CREATED_BY_RUN
    before: dict | None = None
    obj: object | None = field(default=None, repr=False)  # resolved to entity_id after flush


@dataclass
class ApplyResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: ErrorLog = field(default_factory=ErrorLog)
    changes: list[Change] = field(default_factory=list)

    def error(self, sheet, row, column, message: str) -> None:
        """Record a row error; `message` says what is wrong and what to do (the place is prefixed)."""
        prefix = place(sheet, row, column)
        self.errors.append(RowError(sheet, row, column, f"{prefix}: {message}" if prefix else message))

    def resolve_ids(self) -> None:
        """After a flush: created objects now have ids to record for a revert."""
        for change in self.changes:
            if change.obj is not None and change.entity_id is None:
                change.entity_id = inspect(change.obj).identity[0]


@dataclass(frozen=True)
class Target:
    """An import target: its applier and what importing into it needs."""

    apply: Callable[[ImportContext], ApplyResult]
    capability: str = "edit"  # the capability (planner.core.access) needed on the area the file writes
    # The files span many municipalities (Iv3, CBS key figures): without an `area` option the user
    # needs the capability on every municipality in the installation.
    nationwide: bool = False
    # The applier takes plain money columns as ints of cents (TableResult.cents) as well as
    # Decimals: the runner then parses with cents=True.
    cents: bool = False


@dataclass
class Registry:
    """What the features registered with the engine, per app."""

    targets: dict[str, Target] = field(default_factory=dict)
    # Nested JSON documents the engine's flat layouts cannot express (Open Raadsinformatie: meetings →
    # agenda points → documents): a reader per profile `json_layout`; it returns the engine's
    # ParseResult, every error placed by its JSON path.
    document_readers: dict[str, Callable] = field(default_factory=dict)
    # table name → how a refused revert names its rows ("3 toewijzingen verwijzen nog naar …")
    table_labels: dict[str, str] = field(default_factory=dict)
    # (user, CBS code) → the area with that code if the user may see it, else None
    visible_area: Callable | None = None
    # () → the paths of the municipalities (the root areas)
    root_paths: Callable[[], list[str]] | None = None
    # CBS code → the name of the area with that code, whoever asks (None when there is none)
    area_name: Callable[[str], str | None] | None = None


def registry(app=None) -> Registry:
    return (app or current_app).extensions.setdefault("planner.imports", Registry())


def register_target(
    app,
    target: str,
    apply: Callable[[ImportContext], ApplyResult],
    *,
    capability: str = "edit",
    nationwide: bool = False,
    cents: bool = False,
) -> None:
    registry(app).targets[target] = Target(apply, capability, nationwide, cents)


def register_document_reader(app, layout: str, read: Callable) -> None:
    registry(app).document_readers[layout] = read


def register_table_label(app, table: str, label: str) -> None:
    registry(app).table_labels[table] = label


def register_areas(
    app, *, visible_area: Callable, root_paths: Callable[[], list[str]], area_name: Callable | None = None
) -> None:
    """How imports find the area an `area` option names, and the municipalities, for checking grants
    and for reading only the own municipality of a national file."""
    registry(app).visible_area, registry(app).root_paths = visible_area, root_paths
    registry(app).area_name = area_name


def get_target(target: str) -> Target:
    try:
        return registry().targets[target]
    except KeyError:
        raise LookupError(f"Er is geen verwerking voor doel '{target}'. Kies een ander profiel.") from None


def get_applier(target: str) -> Callable[[ImportContext], ApplyResult]:
    return get_target(target).apply


# --- bulk writes -----------------------------------------------------------------------------------


def insert_rows(table, columns: tuple[str, ...], rows, **constants) -> int:
    """INSERT plain tuples (values for `columns`, in order) straight through the driver, in the
    session's transaction: COPY on PostgreSQL with psycopg, INSERT … SELECT FROM (VALUES …) per
    ROWS_PER_INSERT rows on SQLite, an executemany elsewhere; `constants` (e.g. import_run_id,
    updated_at) are added to every row. SQLAlchemy's per-row parameter handling would cost more
    than the database's own work; the column types' bind processors (SQLite stores Numeric as
    float) are still applied."""
    names = (*columns, *constants)
    dialect = db.session.connection().dialect
    if rows and dialect.driver == "psycopg":
        return _copy(table, names, rows, tuple(constants.values()))
    if rows and dialect.name == "sqlite":
        return _insert_per_batch(table, names, columns, rows, constants)
    return _executemany(
        table,
        f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({{marks}})",
        names,
        columns,
        rows,
        constants,
        len(names),
    )


def _copy(table, names, rows, tail: tuple) -> int:
    """PostgreSQL's COPY: a row-by-row executemany would be a round trip per row."""
    cursor = db.session.connection().connection.driver_connection.cursor()
    try:
        with cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                write(row + tail if tail else row)
    finally:
        cursor.close()
    return len(rows)


# SQLite: rows per INSERT statement (a budget line has 10 columns, an export row 12: 5,000 and 6,000
# of the 32,766 parameters SQLite allows; more rows per statement were no faster).
ROWS_PER_INSERT = 500


def _insert_per_batch(table, names, columns, rows, constants: dict) -> int:
    """SQLite: one INSERT … SELECT … FROM (VALUES …) per ROWS_PER_INSERT rows, the constants bound
    once per statement. An executemany binds and steps once per row and needs a tuple per row
    with the constants."""
    dialect = db.session.connection().dialect
    processors, tail = _bind_processing(table, dialect, columns, constants)
    selected = ", ".join([f"column{i + 1}" for i in range(len(columns))] + ["?"] * len(tail))
    head = f"INSERT INTO {table.name} ({', '.join(names)}) SELECT {selected} FROM (VALUES "
    # the constants' marks come first, in the SELECT
    return _per_statement(head, ")", len(columns), rows, processors, before=tail)


def insert_unpivoted(
    table,
    columns: tuple[str, ...],
    rows,
    *,
    name_column: str,
    names: tuple[str, ...],
    value_column: str,
    in_cents: bool = False,
    **constants,
) -> int:
    """SQLite: INSERT a table row per name and row whose value is not None: each row holds the
    values for `columns`, then one value per name. A budget export row with its four amounts
    becomes up to four lines (kind primitief … verplichting, amount), all with the row's other
    values. Returns the number of table rows inserted. One INSERT … SELECT joins ROWS_PER_INSERT
    rows to the names: every text is bound once per row instead of once per line (a bound text
    costs SQLite a copy and a free), which for 400,000 budget lines is a third of the insert.
    (PostgreSQL's COPY takes the lines made by the caller: insert_rows.)
    A row's lines go in the order of their names (alphabetical), not of `names`: with the name
    last in a unique key, rows in key order (as financial systems export them) then reach its
    index in order, each an append to the B-tree instead of an insert before the row's last line
    (a quarter off SQLite's work for a budget export).
    `in_cents`: the values are ints of cents for a Numeric(…, 2) column. SQLite stores that
    Numeric as the float nearest to the amount, which `cents / 100` is (both that division and
    float() of the Decimal are correctly rounded): no Decimal is made per value."""
    width = len(columns)
    order = sorted(range(len(names)), key=names.__getitem__)
    dialect = db.session.connection().dialect
    processors, tail = _bind_processing(table, dialect, columns, constants)
    value_processor = _euros_of_cents if in_cents else _processor(table.c[value_column], dialect)
    if value_processor is not None:
        processors += [(width + i, value_processor) for i in range(len(names))]
    # the value of the name in the joined row k: a CASE over k's number (the left table of a CROSS
    # JOIN is SQLite's outer loop, so a row's lines come together, in the order of the names' VALUES)
    value = (
        "CASE k.column1 " + " ".join(f"WHEN {i + 1} THEN r.column{width + i + 1}" for i in range(len(names))) + " END"
    )
    selected = ", ".join([f"r.column{i + 1}" for i in range(width)] + ["k.column2", value] + ["?"] * len(tail))
    head = (
        f"INSERT INTO {table.name} ({', '.join((*columns, name_column, value_column, *constants))}) "
        f"SELECT {selected} FROM (VALUES "
    )
    foot = f") AS r CROSS JOIN (VALUES {', '.join(f'({i + 1}, ?)' for i in order)}) AS k WHERE {value} IS NOT NULL"
    return _per_statement(
        head, foot, width + len(names), rows, processors, before=tail, after=[names[i] for i in order]
    )


def _euros_of_cents(cents: int | None) -> float | None:
    return None if cents is None else cents / 100


def _per_statement(head: str, foot: str, width: int, rows, processors, *, before=(), after=()) -> int:
    """SQLite: execute head + a VALUES group per row + foot for every ROWS_PER_INSERT rows, each
    column's bind processor applied to all of a statement's rows at once (slice assignment on the
    flattened values); `before` and `after` are the values of the marks around the groups.
    Returns the number of rows SQLite inserted."""
    group = f"({', '.join(['?'] * width)})"
    full = head + ", ".join([group] * ROWS_PER_INSERT) + foot
    inserted = 0
    cursor = db.session.connection().connection.driver_connection.cursor()
    try:
        for start in range(0, len(rows), ROWS_PER_INSERT):
            batch = rows[start : start + ROWS_PER_INSERT]
            values = list(chain.from_iterable(batch))
            for i, process in processors:
                values[i::width] = map(process, values[i::width])
            sql = full if len(batch) == ROWS_PER_INSERT else head + ", ".join([group] * len(batch)) + foot
            cursor.execute(sql, [*before, *values, *after])
            inserted += cursor.rowcount
    finally:
        cursor.close()
    return inserted


def update_rows(table, columns: tuple[str, ...], rows, **constants) -> int:
    """UPDATE by id: every row is the values for `columns` followed by the row's id."""
    names = (*columns, *constants)
    return _executemany(
        table,
        f"UPDATE {table.name} SET {', '.join(f'{n} = {{mark}}' for n in names)} WHERE id = {{mark}}",
        names,
        (*columns, "id"),
        rows,
        constants,
        0,
    )


def _executemany(table, template: str, names, varying, rows, constants: dict, count: int) -> int:
    if not rows:
        return 0
    connection = db.session.connection()
    dialect = connection.dialect
    mark = "?" if dialect.paramstyle == "qmark" else "%s"
    sql = template.replace("{marks}", ", ".join([mark] * count)).replace("{mark}", mark)
    cursor = connection.connection.driver_connection.cursor()
    try:
        processors, tail = _bind_processing(table, dialect, varying, constants)
        cursor.executemany(sql, _parameters(rows, processors, tail, varying[-1] == "id"))
    finally:
        cursor.close()
    return len(rows)


def _bind_processing(table, dialect, columns, constants: dict) -> tuple[list, tuple]:
    """The column types' bind processors by position in `columns` (SQLite stores Numeric as
    float), and the constants' values already processed."""
    processors = [(i, p) for i, n in enumerate(columns) if (p := _processor(table.c[n], dialect)) is not None]
    tail = tuple(p(v) if (p := _processor(table.c[n], dialect)) else v for n, v in constants.items())
    return processors, tail


def _processor(column, dialect):
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _parameters(rows, processors, tail: tuple, before_id: bool) -> list:
    """The rows as the driver takes them, in one pass: each processed column converted, the
    constants appended (for an UPDATE: put before the id)."""
    if before_id and tail:
        return [(*row[:-1], *tail, row[-1]) for row in _parameters(rows, processors, (), False)]
    if not processors:
        return [row + tail for row in rows] if tail else rows
    if len(processors) == 1:
        ((i, p),) = processors
        if rows and i == len(rows[0]) - 1:  # the amount last, as budget lines have it: a third faster
            return [(*row[:-1], p(row[-1]), *tail) for row in rows]
        return [(*row[:i], p(row[i]), *row[i + 1 :], *tail) for row in rows]
    out = []
    for row in rows:
        row = list(row)
        for i, p in processors:
            row[i] = p(row[i])
        out.append((*row, *tail))
    return out


def upsert(result: ApplyResult, model, *, key: dict, values: dict, existing=None, lookup: bool = True):
    """Create or update one row, counting created/updated/unchanged and keeping a before-image.

    Pass `existing` (prefetched by key) to avoid one SELECT per row on large files; with
    `lookup=False` and no `existing` the row is known to be new.
    """
    obj = existing
    if obj is None and lookup:
        obj = db.session.execute(select(model).filter_by(**key)).scalar_one_or_none()
    if obj is None:
        obj = model(**key, **values)
        db.session.add(obj)
        result.created += 1
        result.changes.append(Change(model.__name__, None, "create", obj=obj))
        return obj
    before = {}
    for name, value in values.items():
        current = getattr(obj, name)
        if current != value:
            before[name] = jsonable(current)
            setattr(obj, name, value)
    if before:
        result.updated += 1
        result.changes.append(Change(model.__name__, obj.id, "update", before=before))
    else:
        result.unchanged += 1
    return obj
