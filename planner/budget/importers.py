"""The `budget_lines` import target: Iv3 taakveld figures and financial-system exports become
BudgetLines, idempotent on (municipality, year, line key, lasten/baten, kind)."""

from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import ARRAY, Column, MetaData, String, Table, bindparam, func, select, text

from planner.areas.models import Area
from planner.budget.models import BUDGET_KINDS, BudgetLine, Taakveld
from planner.core.audit import jsonable
from planner.core.models import utcnow
from planner.excel.targets import (
    CREATED_BY_RUN,
    ApplyResult,
    Change,
    ImportContext,
    insert_rows,
    insert_unpivoted,
    update_rows,
)
from planner.excel.values import CENT, euros
from planner.extensions import db

# Iv3 files carry no year column; CBS publishes one file per year and names it after the year.
IV3_DEFAULT_YEAR = 2024
# begroting-export column → budget kind (one BudgetLine per kind that has an amount).
EXPORT_KINDS = {
    "budget_original": "primitief",
    "budget_amended": "na_wijziging",
    "actuals": "realisatie",
    "commitments": "verplichting",
}
BUDGET_BASIS_KINDS = ("primitief", "na_wijziging")
IV3_COLUMNS = {"expenses": "lasten", "income": "baten"}


def apply_budget_lines(ctx: ImportContext) -> ApplyResult:
    if getattr(ctx.profile, "name", "") == "iv3-taakvelden" or "municipality_name" in _fields(ctx):
        return apply_iv3(ctx)
    return apply_budget_export(ctx)


def _fields(ctx: ImportContext) -> set:
    return set(ctx.records[0].values) if ctx.records else set()


def _sheet(ctx: ImportContext) -> str | None:
    return ctx.result.tables[0].sheet if ctx.result.tables else None


def _label(ctx: ImportContext, field: str) -> str:
    """The column as the user wrote it in the header, for error messages."""
    table = ctx.result.tables[0] if ctx.result.tables else None
    if table is not None and field in table.mapping:
        return table.mapping[field]
    for table in getattr(ctx.profile, "tables", ()):
        for column in table.columns:
            if column.field == field:
                return column.label or field
    return field


def _cents(amount) -> Decimal:
    return Decimal(amount).quantize(CENT)


def _decimal_makers(ctx: ImportContext, fields) -> tuple[bool, list]:
    """How the records hold the amount `fields`: (all as ints of cents, the function per field that
    makes a Decimal of cents of its value, None where it is one already). The runner parses plain
    money columns into ints of cents (TableResult.cents); other money columns arrive as Decimals
    rounded to cents (planner.excel.values); other number types, as a mapping saved in the browser
    may have, are rounded here."""
    types = {
        c.field: c.type for t in getattr(ctx.profile, "tables", ()) if t.target == "budget_lines" for c in t.columns
    }
    table = ctx.result.tables[0] if ctx.result.tables else None
    cents, mapped = (table.cents, table.mapping) if table is not None else (frozenset(), {})
    makers = [euros if f in cents else None if types.get(f) == "money" else _cents for f in fields]
    return all(f in cents for f in fields if f in mapped), makers


def fiscal_year_option(ctx: ImportContext, default: int | None = None) -> int | None:
    year = ctx.options.get("fiscal_year")
    if year:
        return int(year)
    match = re.search(r"(20\d\d)", str(ctx.options.get("filename") or ""))
    return int(match.group(1)) if match else default


def check_kind(kind: str | None) -> None:
    from planner.core.errors import PlannerError

    if kind is not None and kind not in BUDGET_KINDS:
        raise PlannerError(f"Onbekende soort '{kind}'. Kies uit: {', '.join(BUDGET_KINDS)}.", "kind")


def taakveld_codes() -> dict[str, list[Taakveld]]:
    codes: dict[str, list[Taakveld]] = {}
    for tv in db.session.scalars(select(Taakveld)):
        codes.setdefault(tv.code, []).append(tv)
    return codes


VALUE_FIELDS = ("taakveld_code", "cost_centre", "economic_category", "description", "budget_programme", "amount")
KEY_FIELDS = ("area_id", "fiscal_year", "line_key", "direction", "kind")
# A line is a plain tuple in this order: 400,000 dicts (a 100,000-row export) would cost 400 MB.
LINE_FIELDS = KEY_FIELDS + VALUE_FIELDS
# A row of a financial-system export: what its lines share, then one amount per kind.
ROW_FIELDS = (
    "area_id",
    "fiscal_year",
    "line_key",
    "direction",
    "taakveld_code",
    "cost_centre",
    "economic_category",
    "description",
    "budget_programme",
)
IV3_VALUE_FIELDS = ("taakveld_code", "description", "amount")  # Iv3 has no kostenplaats/kostensoort
# Lines are looked up, inserted and updated this many at a time: memory stays flat whatever the file.
CHUNK = 20_000


class LineWriter:
    """Upsert lines (LINE_FIELDS tuples) on the key columns, CHUNK at a time: one indexed query
    for the chunk's lines that exist already (skipped when the municipalities and years have no
    lines at all), new lines inserted in bulk, changed ones updated with their before-images kept
    for a revert. New lines carry the run's id in `import_run_id` (and an update never touches
    it), so one CREATED_BY_RUN change records them all, with the range of ids they fall in:
    `import_run_id` is not indexed, a revert reads that range.
    With `kinds`, the buffer holds rows instead (ROW_FIELDS, then one amount or None per kind):
    into municipalities and years without lines SQLite inserts them as they are, a line per amount
    (`insert_unpivoted`); otherwise, and on other databases, they are made into lines here.
    With `in_cents`, the rows' amounts are ints of cents (planner.excel.engine.parse(cents=True)):
    inserted as they are, they become Decimals only where lines are compared.
    With `write=False` (the file had errors, or a preview) lines are only counted, and once the result
    holds an error nothing more is written: imports are all-or-nothing, the runner rolls back what was.
    On SQLite, which has one write lock for the whole file, new lines and updates go first into
    temporary tables of the import's own connection (SQLite keeps them apart from the database file,
    so writing them takes no lock that others wait for), and `close` publishes them with one
    INSERT … SELECT and one UPDATE … FROM: the database's write lock is held for that publication
    only, not while the file's rows are turned into lines (bench/lock_probe.py measures it)."""

    def __init__(
        self,
        result: ApplyResult,
        run_id: int | None,
        area_ids,
        years,
        *,
        compare: tuple[str, ...] = VALUE_FIELDS,
        write: bool = True,
        kinds: tuple[str, ...] = (),
        in_cents: bool = False,
    ):
        self.result, self.run_id, self.write = result, run_id, write
        self.compare, self.kinds, self.in_cents = compare, kinds, in_cents and bool(kinds)
        sqlite = db.session.connection().dialect.name == "sqlite"
        self.unpivot_in_sqlite = bool(kinds) and sqlite
        self.stage = _Stage(compare) if sqlite and write else None
        # PostgreSQL plans the chunks' lookups from the table's statistics; taken while the table was small
        # (a fresh installation) they made a first import of 400,000 lines 10-15 times slower than the
        # next. Analysed once after the first chunk (ANALYZE counts the transaction's own new rows).
        self.analyse = write and not sqlite and db.session.connection().dialect.name == "postgresql"
        self.positions = [LINE_FIELDS.index(f) for f in compare]
        self.area_ids, self.years = sorted(set(area_ids)), sorted(set(years))
        self.buffer: list[tuple] = []
        self.chunk = max(1, CHUNK // len(kinds)) if kinds else CHUNK  # buffered tuples, about CHUNK lines
        self.created = 0
        self.now = utcnow()
        self.first_id = None  # the highest id before this run's first insert, plus one
        query = select(BudgetLine.id).where(BudgetLine.fiscal_year.in_(self.years)).limit(1)
        self.any_existing = db.session.scalar(self._scoped(query, self.area_ids)) is not None

    def add(self, line: tuple) -> None:
        self.buffer.append(line)
        if len(self.buffer) >= self.chunk:
            self.flush()

    def close(self) -> None:
        self.flush()
        if self.stage is not None and not self.result.errors:  # else the runner rolls back what was staged
            self.first_id = self.stage.publish(self._highest_id)
        if self.created and self.write and not self.result.errors:
            ids = [self.first_id, self._highest_id()]
            self.result.changes.append(Change("BudgetLine", self.run_id, CREATED_BY_RUN, before={"ids": ids}))

    @staticmethod
    def _highest_id() -> int:
        return db.session.scalar(select(func.max(BudgetLine.id))) or 0

    def flush(self) -> None:
        buffered, self.buffer = self.buffer, []
        if not buffered:
            return
        if self.unpivot_in_sqlite and not self.any_existing:  # nothing stored: every amount is a new line
            self._write(rows=buffered)
            return
        lines = list(self._lines(buffered)) if self.kinds else buffered
        existing = self._existing(lines) if self.any_existing else {}
        if not existing:  # nothing stored for them: all new, nothing to compare
            self._write(lines=lines)
        else:
            self._write(*self._compare(lines, existing))

    def _lines(self, rows):
        """The LINE_FIELDS tuples of rows (see `kinds`): the kind goes after the other key fields."""
        keys, shared = len(KEY_FIELDS) - 1, len(ROW_FIELDS)
        for row in rows:
            for kind, amount in zip(self.kinds, row[shared:]):
                if amount is not None:
                    yield (*row[:keys], kind, *row[keys:shared], euros(amount) if self.in_cents else amount)

    def _write(self, lines=(), updates=(), *, rows=()) -> None:
        """Insert the new lines (or rows, see `kinds`) and apply the updates; count what is created."""
        result = self.result
        if not self.write or result.errors:
            created = len(lines) + sum(1 for _ in self._lines(rows))
        else:
            if self.first_id is None and (lines or rows) and self.stage is None:
                # Ids only grow: this run's lines get ids above the highest one now (PostgreSQL's
                # sequence too; another session's lines in between carry another import_run_id).
                self.first_id = self._highest_id() + 1
            table, constants = (
                BudgetLine.__table__ if self.stage is None or not (lines or rows) else self.stage.lines,
                {"import_run_id": self.run_id, "updated_at": self.now},
            )
            created = insert_rows(table, LINE_FIELDS, lines, **constants) if lines else 0
            if rows:
                created += insert_unpivoted(
                    table,
                    ROW_FIELDS,
                    rows,
                    name_column="kind",
                    names=self.kinds,
                    value_column="amount",
                    in_cents=self.in_cents,
                    **constants,
                )
            if self.stage is None:
                update_rows(table, self.compare, updates, updated_at=self.now)
            elif updates:
                insert_rows(self.stage.updates, (*self.compare, "id"), updates, updated_at=self.now)
            if self.stage is not None:
                self.stage.settle()
        result.created += created
        self.created += created
        if self.analyse and (lines or rows or updates) and not result.errors:
            self.analyse = False
            db.session.execute(text(f"ANALYZE {BudgetLine.__tablename__}"))

    def _compare(self, lines: list[tuple], existing: dict) -> tuple[list, list]:
        """(new lines, updates as values + id) of the chunk; unchanged and updated ones counted,
        updated ones with their before-images."""
        result, positions = self.result, self.positions
        every_field = self.compare == VALUE_FIELDS
        new, updates = [], []
        for line in lines:
            current = existing.get(line[:5])
            if current is None:
                new.append(line)
                continue
            if every_field and current[1:] == line:
                result.unchanged += 1
                continue
            changed = [(f, i) for f, i in zip(self.compare, positions) if current[i + 1] != line[i]]
            if changed:
                result.updated += 1
                result.changes.append(
                    Change("BudgetLine", current[0], "update", before={f: jsonable(current[i + 1]) for f, i in changed})
                )
                updates.append((*(line[i] for i in positions), current[0]))
            else:
                result.unchanged += 1
        return new, updates

    def _existing(self, lines: list[tuple]) -> dict[tuple, tuple]:
        """The chunk's lines as stored: key -> (id, *LINE_FIELDS), through the unique key's index."""
        keys = sorted({line[2] for line in lines})
        connection = db.session.connection()
        query = select(BudgetLine.id, *[getattr(BudgetLine, f) for f in LINE_FIELDS]).where(
            BudgetLine.fiscal_year.in_({line[1] for line in lines})
        )
        if connection.dialect.name == "postgresql":
            # Joined to the keys as one array (a hash or index join): with a 5,000-value IN list a
            # re-import of 400,000 lines did not finish in minutes here, apparently tested value by
            # value against every line once psycopg had prepared the statement.
            array = bindparam("line_keys", keys, type_=ARRAY(String))
            wanted_keys = func.unnest(array).table_valued("key").render_derived()
            query = query.join(wanted_keys, BudgetLine.line_key == wanted_keys.c.key)
        else:
            query = query.where(BudgetLine.line_key.in_(keys))
        wanted = {line[:5] for line in lines}
        # Core rows on the session's connection: the ORM's row handling would cost more than the query
        rows = connection.execute(self._scoped(query, {line[0] for line in lines}))
        return {key: tuple(row) for row in rows if (key := tuple(row[1:6])) in wanted}

    @staticmethod
    def _scoped(query, area_ids):
        # a national file touches every municipality: the year alone is then the better filter
        return query.where(BudgetLine.area_id.in_(area_ids)) if len(area_ids) < 500 else query


class _Stage:
    """SQLite: the temporary tables a LineWriter fills (new lines; updates as values and id), made on the
    session's connection when first written to and dropped when published.

    When the transaction has written nothing yet (`alone`: an import's applier starts it), every staged
    chunk is committed at once: that commits only the temporary tables and lets go of the shared lock the
    chunk's reads took (in SQLite's default journal mode a writer cannot commit while any connection
    holds one, and new readers then wait too). The publication then starts a transaction of its own with
    BEGIN IMMEDIATE: it waits for the write lock (busy_timeout) before reading anything, where upgrading a
    reading transaction to a writing one would be refused at once as a possible deadlock. A failed import
    rolls that transaction back; the staged rows never reached budget_lines. Otherwise (something else
    was written first in this transaction) all of it stays in the caller's transaction."""

    LINES, UPDATES = "budget_lines_stage", "budget_lines_stage_updates"

    def __init__(self, compare: tuple[str, ...]):
        source = BudgetLine.__table__
        self.compare = compare
        self.columns = [c.name for c in source.columns if c.name != "id"]
        self.kept = ("id", *compare, "updated_at")
        metadata = MetaData()
        self._lines = Table(self.LINES, metadata, *(Column(c.name, c.type) for c in source.columns))
        self._updates = Table(self.UPDATES, metadata, *(Column(n, source.c[n].type) for n in self.kept))
        self.made: set[str] = set()
        self.driver = db.session.connection().connection.driver_connection
        self.alone = not self.driver.in_transaction

    @property
    def lines(self) -> Table:
        return self._made(self._lines, "*")

    @property
    def updates(self) -> Table:
        return self._made(self._updates, ", ".join(self.kept))

    def _made(self, table: Table, columns: str) -> Table:
        if table.name not in self.made:
            # a table left by an import that failed on this (pooled) connection goes first, with its rows
            db.session.execute(text(f"DROP TABLE IF EXISTS temp.{table.name}"))
            db.session.execute(text(f"CREATE TEMP TABLE {table.name} AS SELECT {columns} FROM budget_lines WHERE 0"))
            self.made.add(table.name)
        return table

    def settle(self) -> None:
        """After a staged chunk: commit it (temporary tables only) when the transaction is the import's alone."""
        if self.alone:
            self.driver.commit()

    def publish(self, highest_id) -> int | None:
        """Into budget_lines in one statement each, in the order staged; returns the first new id.
        Nothing staged, nothing written: an unchanged re-import does not take the write lock at all."""
        if not self.made:
            return None
        if self.alone:
            self.driver.commit()
            self.driver.execute("BEGIN IMMEDIATE")
        first_id = highest_id() + 1
        names = ", ".join(self.columns)
        if self.LINES in self.made:
            db.session.execute(
                text(f"INSERT INTO budget_lines ({names}) SELECT {names} FROM temp.{self.LINES} ORDER BY rowid")
            )
        if self.UPDATES in self.made:
            assignments = ", ".join(f"{n} = u.{n}" for n in (*self.compare, "updated_at"))
            db.session.execute(
                text(
                    f"UPDATE budget_lines SET {assignments} FROM temp.{self.UPDATES} AS u WHERE budget_lines.id = u.id"
                )
            )
        for name in sorted(self.made):
            db.session.execute(text(f"DROP TABLE temp.{name}"))
        self.made.clear()
        return first_id


def apply_iv3(ctx: ImportContext) -> ApplyResult:
    """Iv3: one row per municipality (by name) × taakveld with baten and lasten in euros."""
    result = ApplyResult()
    year = fiscal_year_option(ctx, IV3_DEFAULT_YEAR)
    kind = ctx.options.get("kind") or "primitief"
    check_kind(kind)
    sheet = _sheet(ctx)
    municipalities = {
        a.name.strip().casefold(): a for a in db.session.scalars(select(Area).where(Area.level == "gemeente"))
    }
    records = ctx.records
    only = (ctx.options.get("area") or "").strip().upper()
    if only:
        # One municipality's rows from the national file (an installation holds only its own).
        wanted = next((a for a in municipalities.values() if a.code == only), None)
        if wanted is None:
            result.error(
                None,
                None,
                None,
                f"Onbekende gemeente '{only}'. Geef de CBS-code van een gemeente die in "
                "Wijkplanner staat (bijvoorbeeld GM0794).",
            )
            return result
        records = [
            r
            for r in records
            if (r.values.get("municipality_name") or "").strip().casefold() == wanted.name.strip().casefold()
        ]
        if not records:
            result.error(
                sheet,
                None,
                _label(ctx, "municipality_name"),
                f"{wanted.name} staat niet in dit bestand. Controleer of de naam overeenkomt met de CBS-naam.",
            )
            return result
    codes = taakveld_codes()
    checked = []
    for record in records:
        values = record.values
        name = (values.get("municipality_name") or "").strip()
        area = municipalities.get(name.casefold())
        if area is None:
            result.error(
                sheet,
                record.row,
                _label(ctx, "municipality_name"),
                f"De gemeente '{name}' is niet bekend. Laad eerst de CBS-gemeentelijst of controleer de naam.",
            )
            continue
        code = values.get("taakveld")
        known = codes.get(code)
        if not known:
            result.error(
                sheet,
                record.row,
                _label(ctx, "taakveld"),
                f"Taakveld '{code}' bestaat niet in de BBV-lijst. Controleer de code (bijvoorbeeld 6.71a).",
            )
            continue
        # CBS still publishes the pre-2023 codes 6.71/6.72/6.81/6.82 as a residual position in
        # later years, so an Iv3 file is matched on a known code, not on its validity period.
        taakveld = next((t for t in known if t.valid_in(year)), known[-1])
        checked.append((values, area.id, code, taakveld.name))
    writer = LineWriter(
        result,
        ctx.run_id,
        {c[1] for c in checked},
        [year],
        compare=IV3_VALUE_FIELDS,
        write=not result.errors and not ctx.dry_run,
    )
    _, makers = _decimal_makers(ctx, IV3_COLUMNS)
    columns = list(zip(IV3_COLUMNS.items(), makers))
    for values, area_id, code, name in checked:
        for (column, direction), decimal in columns:
            amount = values.get(column)
            if amount is not None:
                writer.add(
                    (
                        area_id,
                        year,
                        code,
                        direction,
                        kind,
                        code,
                        "",
                        "",
                        name,
                        "",
                        decimal(amount) if decimal else amount,
                    )
                )
    writer.close()
    if not result.errors and not ctx.dry_run:
        _store_iv3_profiles(checked, year)
    return result


def _store_iv3_profiles(checked, year: int) -> None:
    """Province, size class, urbanity and inhabitants of each municipality in the file, replaced per
    year: reference data for the benchmark (a revert of the run leaves them, as they describe the
    municipality rather than its budget). Two statements whatever the file's size."""
    from sqlalchemy import delete, insert

    from planner.budget.models import Iv3Profile

    profiles: dict[int, dict] = {}
    for values, area_id, _, _ in checked:
        if area_id not in profiles and any(values.get(f) for f in ("province", "size_class", "inhabitants")):
            inhabitants = values.get("inhabitants")
            profiles[area_id] = {
                "area_id": area_id,
                "fiscal_year": year,
                "province": str(values.get("province") or "")[:60],
                "size_class": str(values.get("size_class") or "")[:60],
                "urbanity": str(values.get("urbanity") or "")[:60],
                "inhabitants": int(inhabitants) if inhabitants is not None else None,
            }
    if not profiles:
        return
    ids = sorted(profiles)
    db.session.execute(
        delete(Iv3Profile)
        .where(Iv3Profile.fiscal_year == year, Iv3Profile.area_id.in_(ids))
        .execution_options(synchronize_session=False)
    )
    db.session.execute(insert(Iv3Profile), list(profiles.values()))


# How a financial-system export says whether a row is baten or lasten (option `direction`, the
# profile's default): all one way, by the sign of the amounts (negative = baten), or by the
# kostensoort (baten kostensoorten start with `baten_kostensoort`, "8" in most municipal ledgers).
# A column "Baten/lasten" in the file always wins.
DIRECTION_MODES = ("lasten", "baten", "teken", "kostensoort")
DIRECTION_WORDS = {"lasten": "lasten", "l": "lasten", "last": "lasten", "baten": "baten", "b": "baten", "baat": "baten"}


def _reference(amounts) -> int | Decimal:
    """The amount whose sign tells the row's direction: the first one given (the budget before the realisation)."""
    return next((a for a in amounts if a is not None and a != 0), 0)


def row_direction(given, cost_type: str, amounts, mode: str, baten_prefixes) -> tuple[str, str | None]:
    """(lasten or baten, None), or (None, why the row is refused)."""
    word = str(given or "").strip().casefold()
    if word:
        direction = DIRECTION_WORDS.get(word)
        if direction is None:
            return "", f"'{given}' is geen baten of lasten. Vul 'baten' of 'lasten' in (of B of L)."
        return direction, None
    if mode == "teken":
        return ("baten" if _reference(amounts) < 0 else "lasten"), None
    if mode == "kostensoort":
        return ("baten" if str(cost_type).startswith(baten_prefixes) else "lasten"), None
    return mode, None


def _line_key(values: dict) -> str:
    """What identifies a financial-system export's line: kostenplaats/kostensoort/taakveld as in the file."""
    return f"{values['cost_centre']}/{values['cost_type']}/{values['taakveld']}"


def apply_budget_export(ctx: ImportContext) -> ApplyResult:
    """A financial-system export: one row per kostenplaats × kostensoort × taakveld, with up to
    four amounts (primitief, na wijziging, realisatie, verplichtingen): one BudgetLine each."""
    from planner.areas.services import find_area

    result = ApplyResult()
    sheet = _sheet(ctx)
    code = (ctx.options.get("area") or "").strip()
    area = find_area(code) if code else None
    if area is None or area.level != "gemeente":
        result.error(
            None,
            None,
            None,
            f"Onbekende gemeente '{code}'. Geef de CBS-code van de gemeente op "
            "(bijvoorbeeld GM0794) waarvan deze begroting is."
            if code
            else "Geef aan van welke gemeente deze begroting is (de CBS-code, bijvoorbeeld GM0794).",
        )
        return result
    only_kind = ctx.options.get("kind")
    check_kind(only_kind)
    mode = str(ctx.options.get("direction") or "lasten").strip().lower()
    if mode not in DIRECTION_MODES:
        result.error(
            None,
            None,
            None,
            f"Onbekende keuze '{mode}' voor baten en lasten. Kies uit: {', '.join(DIRECTION_MODES)}.",
        )
        return result
    # Whether the file shows baten negative (credit notation, as a ledger does) or positive.
    baten_negative = str(ctx.options.get("baten_teken") or "negatief").strip().lower() != "positief"
    baten_prefixes = tuple(p.strip() for p in str(ctx.options.get("baten_kostensoort") or "8").split(",") if p.strip())
    default_year = fiscal_year_option(ctx)
    codes = taakveld_codes()
    # (taakveld as in the file, year) -> (its BBV code, None) or (None, why it is refused); the code
    # kept as a string, not read from the Taakveld on every row (an ORM attribute read per row)
    valid_in: dict[tuple, tuple[str | None, str | None]] = {}
    label = _label(ctx, "taakveld")

    def taakveld(tv, year) -> tuple[str | None, str | None]:
        found = valid_in.get((tv, year))
        if found is None:
            known = codes.get(tv)
            valid = next((t for t in known if t.valid_in(year)), None) if known else None
            if not known:
                found = None, f"Taakveld '{tv}' bestaat niet in de BBV-lijst. Controleer de code (bijvoorbeeld 6.71a)."
            elif valid is None:
                period = f"{known[0].valid_from}–{known[0].valid_to or ''}"
                found = (
                    None,
                    (
                        f"Taakveld '{tv}' geldt niet in {year} (geldig {period}). Gebruik de code die in {year} "
                        "geldt, bijvoorbeeld 6.71a–d in plaats van 6.71."
                    ),
                )
            else:
                found = valid.code, None
            valid_in[(tv, year)] = found
        return found

    pairs = [(column, kind) for column, kind in EXPORT_KINDS.items() if only_kind in (None, kind)]
    basis_columns = [column for column, kind in pairs if kind in BUDGET_BASIS_KINDS]
    prognose = only_kind == "prognose"

    def has_basis(values) -> bool:
        return any(values.get(column) is not None for column in basis_columns)

    years = {r.values.get("year") or default_year for r in ctx.records}
    if None in years:
        result.error(
            sheet,
            None,
            _label(ctx, "year"),
            "Er staat geen jaar in het bestand. Voeg een kolom 'Jaar' "
            "toe of geef het begrotingsjaar op bij het importeren.",
        )
        return result
    # (column, kind) of a row's lines: one per amount column, or with kind=prognose its realisation
    line_pairs = [("actuals", "prognose")] if prognose else pairs
    amount_columns = [column for column, _ in line_pairs]
    # a plain export gives ints of cents, which go to the writer as they are (no Decimal per amount)
    in_cents, makers = _decimal_makers(ctx, amount_columns)
    writer = LineWriter(
        result,
        ctx.run_id,
        [area.id],
        years,
        kinds=tuple(kind for _, kind in line_pairs),
        in_cents=in_cents,
        write=not ctx.dry_run,
    )
    area_id = area.id
    rows = writer.buffer

    direction_label = _label(ctx, "direction")

    def add_lines(record, year, code):
        nonlocal rows
        values = record.values
        cost_centre, cost_type = values["cost_centre"], values["cost_type"]
        amounts = map(values.get, amount_columns)
        if not in_cents:
            amounts = [
                amount if amount is None or decimal is None else decimal(amount)
                for amount, decimal in zip(amounts, makers)
            ]
        else:
            amounts = list(amounts)
        direction, refused = row_direction(values.get("direction"), cost_type, amounts, mode, baten_prefixes)
        if refused:
            result.error(sheet, record.row, direction_label, refused)
            return
        if direction == "baten" and (mode == "teken" or (mode != "baten" and baten_negative)):
            # Baten in credit notation (negative, as a ledger shows them): stored as positive baten.
            amounts = [None if a is None else -a for a in amounts]
        rows.append(
            (
                area_id,
                year,
                _line_key(values),
                direction,
                code,
                cost_centre,
                cost_type,
                (values.get("description") or "")[:300],
                (values.get("budget_programme") or "")[:200],
                *amounts,
            )
        )
        if len(rows) >= writer.chunk:
            writer.flush()  # writes nothing once a row has been refused: the runner rolls back
            rows = writer.buffer

    # One pass: a row with a budget amount gives its lines at once; a row without (realisation or
    # commitments only) must name a line budgeted in this file or already stored, which is known
    # only at the end of the file: those few rows wait.
    unbudgeted = []
    for record in ctx.records:
        values = record.values
        year = values.get("year") or default_year
        code, refused = taakveld(values.get("taakveld"), year)
        if refused:
            result.error(sheet, record.row, label, refused)
        elif has_basis(values):
            add_lines(record, year, code)
        else:
            unbudgeted.append((record, year, code))
    if unbudgeted:
        budgeted = _budgeted(
            ctx, area.id, {(year, _line_key(r.values)) for r, year, _ in unbudgeted}, default_year, taakveld, has_basis
        )
        for record, year, code in unbudgeted:
            values = record.values
            if (year, _line_key(values)) in budgeted:
                add_lines(record, year, code)
                continue
            result.error(
                sheet,
                record.row,
                _label(ctx, "cost_centre"),
                f"Kostenplaats {values['cost_centre']} met kostensoort {values['cost_type']} "
                f"(taakveld {code}) staat niet in de begroting {year} van {area.name}. Importeer eerst de "
                "begroting, of controleer kostenplaats, kostensoort en taakveld.",
            )
    writer.close()
    return result


def _budgeted(ctx: ImportContext, area_id: int, wanted: set[tuple], default_year, taakveld, has_basis) -> set[tuple]:
    """Which of the wanted (year, line key) get a budget amount from this file or have one stored."""
    found = set()
    for record in ctx.records:
        values = record.values
        year = values.get("year") or default_year
        key = (year, _line_key(values))
        if key in wanted and taakveld(values["taakveld"], year)[0] and has_basis(values):
            found.add(key)
    wanted = sorted(wanted - found)
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        found.update(
            db.session.execute(
                select(BudgetLine.fiscal_year, BudgetLine.line_key)
                .distinct()
                .where(
                    BudgetLine.area_id == area_id,
                    BudgetLine.fiscal_year.in_({y for y, _ in chunk}),
                    BudgetLine.line_key.in_({k for _, k in chunk}),
                    BudgetLine.kind.in_(BUDGET_BASIS_KINDS),
                )
            ).all()
        )
    return found


# ---- realisation per action ----------------------------------------------------------------------


def apply_action_spendings(ctx: ImportContext) -> ApplyResult:
    """A financial-system export of bookings with a projectnummer (or kostenplaats + kostensoort) that
    maps to an action: the sum per action, year and month becomes one ActionSpending, upserted on
    (action, year, month, code), so a re-import of the same export changes nothing. A booking whose
    code belongs to no action the importing user may see is refused (with its row)."""
    from planner.actions.access import visible_actions
    from planner.actions.models import Action
    from planner.areas.services import find_area
    from planner.budget.models import ActionFinanceCode, ActionSpending
    from planner.excel.targets import upsert

    result = ApplyResult()
    sheet = _sheet(ctx)
    code = (ctx.options.get("area") or "").strip()
    area = find_area(code) if code else None
    if area is None or area.level != "gemeente":
        result.error(
            None,
            None,
            None,
            f"Onbekende gemeente '{code}'. Geef de CBS-code van de gemeente op (bijvoorbeeld GM0794)."
            if code
            else "Geef aan van welke gemeente deze boekingen zijn (de CBS-code, bijvoorbeeld GM0794).",
        )
        return result
    by_project, by_pair = {}, {}
    for mapping in db.session.scalars(select(ActionFinanceCode).where(ActionFinanceCode.area_id == area.id)):
        if mapping.project_code:
            by_project[mapping.project_code] = mapping.action_id
        else:
            by_pair[(mapping.cost_centre, mapping.cost_type)] = mapping.action_id
    wanted = set(by_project.values()) | set(by_pair.values())
    if ctx.user is not None and wanted:
        visible = set(
            db.session.scalars(visible_actions(ctx.user).where(Action.id.in_(wanted)).with_only_columns(Action.id))
        )
    else:
        visible = wanted
    default_year = fiscal_year_option(ctx)
    totals: dict[tuple, list] = {}  # (action, year, month, code) -> [amount, description]
    for record in ctx.records:
        values = record.values
        year = values.get("year") or default_year
        if year is None:
            result.error(
                sheet, record.row, _label(ctx, "year"), "Vul het boekjaar in, of geef het op bij het importeren."
            )
            continue
        month = values.get("period")
        if month is None or not 1 <= month <= 12:
            result.error(sheet, record.row, _label(ctx, "period"), f"'{month}' is geen maand. Vul 1 tot en met 12 in.")
            continue
        project = str(values.get("project_code") or "").strip().upper()
        pair = (
            str(values.get("cost_centre") or "").strip().upper(),
            str(values.get("cost_type") or "").strip().upper(),
        )
        if project:
            action_id, reference, column = by_project.get(project), project, "project_code"
            what = f"Projectnummer {project}"
        elif all(pair):
            action_id, reference, column = by_pair.get(pair), "/".join(pair), "cost_centre"
            what = f"Kostenplaats {pair[0]} met kostensoort {pair[1]}"
        else:
            result.error(
                sheet,
                record.row,
                _label(ctx, "project_code"),
                "Vul een projectnummer in, of een kostenplaats met een kostensoort.",
            )
            continue
        if action_id is None or action_id not in visible:
            result.error(
                sheet,
                record.row,
                _label(ctx, column),
                f"{what} hoort bij geen actie die u mag zien. Koppel de code eerst aan een actie "
                "(op de pagina van de actie, onder Begroting) of controleer de code.",
            )
            continue
        amount = values.get("amount")
        if amount is None:
            result.error(sheet, record.row, _label(ctx, "amount"), "Vul het bedrag van de boeking in.")
            continue
        entry = totals.setdefault((action_id, year, month, reference), [Decimal(0), ""])
        entry[0] += Decimal(amount)
        entry[1] = entry[1] or (values.get("description") or "")[:300]
    if result.errors:
        return result
    existing = {}
    if totals:
        for spending in db.session.scalars(
            select(ActionSpending).where(ActionSpending.action_id.in_({k[0] for k in totals}))
        ):
            existing[(spending.action_id, spending.year, spending.period, spending.reference)] = spending
    for (action_id, year, month, reference), (amount, description) in totals.items():
        upsert(
            result,
            ActionSpending,
            key={"action_id": action_id, "year": year, "period": month, "reference": reference},
            values={"amount": _cents(amount), "source": "import", "description": description},
            existing=existing.get((action_id, year, month, reference)),
            lookup=False,
        )
    return result
