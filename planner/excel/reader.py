"""Turn an uploaded .xlsx, .csv or .json file into plain sheets of normalised cell values.

The only module that knows the file libraries: python-calamine reads the cells (fast, but it
holds a whole sheet: a full 1,048,576-row sheet alone takes 460 MB), openpyxl streams the rows of a
sheet of more than `stream_cells` cells from the file in bounded memory (about ten times slower), and a
small scan of the zip finds what calamine hides (formulas, error cells) and refuses unsafe
files: zip bombs and macros from the zip's directory before any part is inflated, then a part
that inflates to more than declared or holds a DOCTYPE before calamine parses (its zip reader
also stops at the declared size, and its XML parser never expands entities).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
import zlib
from itertools import islice
from pathlib import Path

import openpyxl
from defusedxml import ElementTree as SafeET
from openpyxl.worksheet._reader import WorkSheetParser
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from planner.excel.errors import FileRejected

MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100  # only checked for parts over 1 MB: small xml parts compress very well
MAX_ZIP_MEMBERS = 10_000
MAX_CELLS = 30_000_000  # a used range of A1:XFD1048576 would otherwise be allocated in full

_SAVE_AS_XLSX = "Open het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)."


class Sheet:
    """rows[i][j] is the cell in Excel row i+1, column j+1. Cells are None, str (stripped,
    never empty), int, float (only when not whole), bool, date or datetime (only with a time).
    Rows can be shorter than the header: trailing empty cells may be left off.

    An xlsx sheet keeps calamine's cells and reads them row by row: `raw_rows()` streams them
    as calamine gives them (normalise each cell you use with `cell`), `head(n)` normalises the
    first rows, and `rows` builds the whole normalised list only for whoever asks for it. A
    100,000-row sheet would otherwise be held three times: calamine's, Python's and normalised."""

    __slots__ = ("name", "hidden", "merged", "flagged", "lines", "_rows", "_source")

    def __init__(
        self,
        name: str | None,
        rows: list[list] | None = None,
        hidden: bool = False,
        merged: list[tuple[int, int, int, int]] | None = None,
        flagged: dict[tuple[int, int], tuple[str, str]] | None = None,
        *,
        source=None,
    ):
        self.name = name
        self.hidden = hidden
        self.merged = merged or []  # 0-based r1, c1, r2, c2
        # 0-based (row, col) -> ("formula", "=A1+B1") or ("error", "#N/A"): calamine shows neither
        self.flagged = flagged or {}
        self._rows = rows if rows is not None or source is not None else []
        self._source = source  # a CalamineSheet
        # CSV only: 1-based row -> the line of the file it starts on, where the two differ (a
        # quoted cell over several lines); Excel and LibreOffice number the rows, an editor the lines
        self.lines: dict[int, int] = {}

    @property
    def rows(self) -> list[list]:
        if self._rows is None:
            self._rows = [[cell(v) for v in row] for row in self._source.to_python(skip_empty_area=False)]
        return self._rows

    def head(self, n: int) -> list[list]:
        """The first n rows, normalised."""
        if self._rows is not None:
            return self._rows[:n]
        return [[cell(v) for v in row] for row in islice(self.raw_rows(), n)]

    def raw_rows(self):
        """Every row from Excel row 1 on, streamed; cells not normalised yet (see `cell`)."""
        if self._rows is not None:
            return iter(self._rows)
        return self._calamine_rows()

    def _calamine_rows(self):
        # iter_rows starts at row 1 but at the first used column: pad to column A
        start = self._source.start
        if start and start[1]:
            pad = [""] * start[1]
            return (pad + row for row in self._source.iter_rows())
        return iter(self._source.iter_rows())

    def height(self) -> int:
        """The number of rows, empty ones included (without reading them)."""
        if self._rows is not None:
            return len(self._rows)
        return self._source.total_height

    def has_data(self) -> bool:
        return any(first_value(row) is not None for row in self.raw_rows())


def first_value(row):
    """The row's first cell that is not empty, normalised (None for an empty row)."""
    for v in row:
        if v is None or v == "":
            continue
        if type(v) is str:
            v = v.strip()
            if not v:
                continue
        return v
    return None


def read_workbook(
    source,
    filename: str | None = None,
    *,
    json_layout: str = "records",
    json_path: str | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    stream_cells: int | None = None,
) -> list[Sheet]:
    """Read a path, bytes or binary file object. `filename` (or the path) decides the format.
    `max_rows`: refuse a sheet (or CSV file) of more rows, before its rows are read where the file
    says how many it has (an xlsx sheet's dimension, a CSV's line count). `stream_cells`: an xlsx sheet
    whose dimension says it has more cells (rows × columns) is streamed from the file (see the module
    docstring)."""
    data, filename = _load(source, filename)
    if max_bytes is not None and len(data) > max_bytes:
        raise FileRejected(
            f"Het bestand is groter dan {max_bytes // (1024 * 1024)} MB. Verklein het bestand of splits het op."
        )
    if not data.strip():
        raise FileRejected("Het bestand is leeg. Kies het bestand met de gegevens.")
    suffix = Path(filename or "").suffix.lower()
    if suffix in (".xls", ".xlt") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRejected(
            "Dit is een oud Excel-bestand (.xls) of een met een wachtwoord "
            f"beveiligde werkmap. Die kan Wijkplanner niet lezen. {_SAVE_AS_XLSX}"
        )
    if suffix in (".xlsm", ".xltm", ".xlsb", ".xlam"):
        raise FileRejected(f"Werkmappen met macro's ({suffix}) worden niet ingelezen. {_SAVE_AS_XLSX}")
    if suffix in (".xlsx", ".xltx") or (not suffix and data[:4] == b"PK\x03\x04"):
        return _read_xlsx(data, max_rows, stream_cells)
    if suffix in (".csv", ".txt", ".tsv"):
        lines = data.count(b"\n") + (not data.endswith(b"\n"))
        _check_rows(None, lines, max_rows)
        return [_read_csv(data, lines, stream_cells)]
    if suffix == ".json":
        return [_read_json(data, json_layout, json_path)]
    raise FileRejected(
        f"Bestanden van het type '{suffix or 'onbekend'}' kan Wijkplanner niet "
        "inlezen. Gebruik een Excel-werkmap (.xlsx) of een CSV-bestand."
    )


def _load(source, filename):
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), filename
    if isinstance(source, (str, Path)):
        path = Path(source)
        return path.read_bytes(), filename or path.name
    return source.read(), filename or getattr(source, "name", None)


# --- xlsx -------------------------------------------------------------------------------------


def too_many_rows(sheet: str | None, rows: int, max_rows: int) -> FileRejected:
    where = f"Werkblad '{sheet}' heeft" if sheet else "Het bestand heeft"
    return FileRejected(
        f"{where} {_dotted(rows)} rijen; Wijkplanner leest hoogstens {_dotted(max_rows)} rijen in één keer. "
        "Verdeel de gegevens over meer bestanden (bijvoorbeeld per jaar of per kostenplaats) en lees die na "
        "elkaar in, of verwijder lege rijen onder de gegevens."
    )


def _dotted(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _check_rows(sheet: str | None, rows: int, max_rows: int | None) -> None:
    if max_rows is not None and rows > max_rows:
        raise too_many_rows(sheet, rows, max_rows)


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+(?::([A-Z]+)(\d+))?"')


def _read_xlsx(data: bytes, max_rows: int | None = None, stream_cells: int | None = None) -> list[Sheet]:
    zf, infos = _checked_zip(data)
    dimensions: dict[str, tuple[int, int]] = {}
    flagged_by_part = _inspect_parts(zf, infos, max_rows, dimensions)
    streamed = {
        name
        for name, (rows, columns) in dimensions.items()
        if stream_cells is not None and rows * columns > stream_cells
    }
    parsed = _calamine_sheets(data, streamed, dimensions)
    for name, _hidden, _merged, sheet in parsed:  # a sheet without a dimension element, counted after all
        _check_rows(name, sheet.total_height, max_rows)
    return [
        Sheet(name, hidden=hidden, merged=merged, flagged=flagged_by_part.get(name, {}), source=sheet)
        for name, hidden, merged, sheet in parsed
    ]


def _calamine_sheets(data: bytes, streamed=frozenset(), dimensions=None) -> list[tuple]:
    """(name, hidden, merged ranges, CalamineSheet) of every worksheet; a `_StreamedSheet` instead for
    the sheets named in `streamed` (their merged ranges are not looked at)."""
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart sheets hold no cells
            if meta.name in streamed:
                sheet, merged = _StreamedSheet(data, meta.name, *dimensions[meta.name]), []
            else:
                sheet = book.get_sheet_by_name(meta.name)
                merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            if sheet.total_height * sheet.total_width > MAX_CELLS:
                raise FileRejected(
                    f"Werkblad '{meta.name}' is te groot "
                    f"({sheet.total_height} rijen × {sheet.total_width} kolommen). "
                    "Verwijder lege rijen en kolommen onder en rechts van de gegevens."
                )
            sheets.append((meta.name, meta.visible != SheetVisibleEnum.Visible, merged, sheet))
        return sheets
    except FileRejected:
        raise
    except Exception as exc:  # calamine raises plain errors for broken parts
        raise FileRejected(
            f"De werkmap is beschadigd en kan niet worden gelezen ({exc.__class__.__name__}). {_SAVE_AS_XLSX}"
        ) from exc


class _RowsOnly(WorkSheetParser):
    """openpyxl's sheet parser for the rows alone, each row dropped from the tree once it is read:
    openpyxl's own `parse` empties a row but leaves it in the tree, some 85 bytes a row (90 MB for a
    full sheet)."""

    def parse(self):
        sheet_data = None
        for event, element in SafeET.iterparse(self.source, events=("start", "end")):
            if event == "start":
                if element.tag == _SHEET_DATA:
                    sheet_data = element
            elif element.tag == _ROW:
                yield self.parse_row(element)
                if sheet_data is not None:
                    sheet_data.clear()


class _StreamedSheet:
    """A sheet read row by row from the file by openpyxl (read-only), with what `Sheet` asks of a
    CalamineSheet. Every `iter_rows` reads from the first row again; only one row is held at a time."""

    start = None  # rows come from column A on

    def __init__(self, data: bytes, name: str, rows: int, columns: int):
        self.data, self.name, self.total_height, self.total_width = data, name, rows, columns

    def iter_rows(self):
        book = None
        try:
            book = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
            yield from self._rows(book)
        except Exception as exc:  # a broken part shows only once its rows are read
            raise FileRejected(
                f"De werkmap is beschadigd en kan niet worden gelezen ({exc.__class__.__name__}). {_SAVE_AS_XLSX}"
            ) from exc
        finally:
            if book is not None:
                book.close()

    def _rows(self, book):
        sheet = book[self.name]
        with sheet._get_source() as source:
            parser = _RowsOnly(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            expected = 1
            for number, cells in parser.parse():
                for _ in range(expected, number):  # rows without cells are left out of the file
                    yield []
                expected = number + 1
                values = [None] * max((c["column"] for c in cells), default=0)
                for c in cells:
                    values[c["column"] - 1] = c["value"]
                yield values

    def to_python(self, skip_empty_area: bool = False) -> list[list]:
        return list(self.iter_rows())


def cell(v):
    """A cell as the engine uses it: str stripped (empty is None), whole floats int, midnight a date."""
    t = type(v)
    if t is str:
        return v.strip() or None
    if t is float:
        # calamine gives every number as a float; whole ones become int so codes read as 34, not 34.0
        return int(v) if v.is_integer() else v
    if t is dt.datetime and not (v.hour or v.minute or v.second or v.microsecond):
        return v.date()
    return v


_CORRUPT = "Dit is geen geldige Excel-werkmap of het bestand is beschadigd. " + _SAVE_AS_XLSX


def _checked_zip(data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """Refuse corrupt files, zip bombs by their declared sizes, and macros: all from the central
    directory, before any part is inflated."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise FileRejected(_CORRUPT) from exc
    names = {i.filename.lower() for i in infos}
    if any(n.endswith("vbaproject.bin") for n in names):
        raise FileRejected(f"De werkmap bevat macro's. Die worden niet ingelezen. {_SAVE_AS_XLSX}")
    if "xl/workbook.xml" not in names:
        raise FileRejected(_CORRUPT)
    declared = sum(i.file_size for i in infos)
    bomb = (
        len(infos) > MAX_ZIP_MEMBERS
        or declared > MAX_UNCOMPRESSED
        or any(i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos)
    )
    if bomb:
        raise FileRejected(
            "De werkmap pakt uit tot een onredelijk grote omvang en wordt niet "
            "geopend (mogelijk een zip-bom). Sla de gegevens op in een nieuwe werkmap."
        )
    return zf, infos


def _inspect_parts(
    zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], max_rows: int | None = None, dimensions: dict | None = None
) -> dict[str, dict]:
    """Inflate every XML part: refuse one that inflates to other than declared, or holds a DOCTYPE.
    Returns the formula and error cells per sheet name (calamine shows neither), and puts each sheet's
    (rows, columns) as its dimension element says into `dimensions`. A part is read in pieces, so a
    40 MB sheet is never held whole."""
    sheet_parts = _sheet_parts(zf)
    flagged = {}
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        is_sheet, holds_flags = info.filename in sheet_parts, False
        head, carry = b"", b""
        for piece in _inflated_pieces(zf, info):
            if len(head) < _HEAD:
                head += piece[: _HEAD - len(head)]
            if is_sheet and not holds_flags:
                # a marker may straddle two pieces: the previous piece's last bytes go along
                holds_flags = _may_hold_flags(carry + piece if carry else piece)
                carry = piece[-_MARKER_SPAN:]
        _refuse_doctype(head)
        if is_sheet:  # Excel, LibreOffice and the libraries write it at the top
            dimension = _DIMENSION.search(head)
            if dimension and dimension.group(2):
                rows = int(dimension.group(2))
                _check_rows(sheet_parts[info.filename], rows, max_rows)
                if dimensions is not None:
                    dimensions[sheet_parts[info.filename]] = (rows, column_index(dimension.group(1).decode()) + 1)
        if holds_flags:  # rare: only then the whole part is inflated again and scanned exactly
            flagged[sheet_parts[info.filename]] = _flagged_cells(b"".join(_inflated_pieces(zf, info)))
    return flagged


_HEAD = 65536  # a DOCTYPE can only stand before the root element, which Excel writes at once
_PIECE = 1 << 22  # inflated bytes at a time
_MARKER_SPAN = 8  # longer than the longest marker `_may_hold_flags` looks for, with the byte after it


def _inflated_pieces(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    """One part inflated in pieces of at most _PIECE bytes. zipfile never inflates a part beyond
    the size the central directory declares (which `_checked_zip` has bounded) and refuses one
    whose bytes up to there fail its CRC; one that inflates to less is refused here."""
    size = 0
    try:
        with zf.open(info) as part:
            while piece := part.read(_PIECE):
                size += len(piece)
                yield piece
    except zipfile.BadZipFile as exc:  # a bad CRC, or a local header that disagrees with the directory
        raise FileRejected(_LIES_ABOUT_SIZE) from exc
    except (zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        # a broken deflate stream, a cut-off file, an unknown compression method, an encrypted part
        raise FileRejected(_CORRUPT) from exc
    if size != info.file_size:
        raise FileRejected(_LIES_ABOUT_SIZE)


_LIES_ABOUT_SIZE = (
    "De werkmap is beschadigd: een onderdeel pakt anders uit dan opgegeven (mogelijk een zip-bom). " + _SAVE_AS_XLSX
)


def _refuse_doctype(head: bytes) -> None:
    # A DOCTYPE (and so any entity expansion) can only stand before the root element.
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", "ignore").encode()
    root = re.search(rb"<[A-Za-z_]", head)
    prolog = head[: root.start()] if root else head
    if b"<!DOCTYPE" in prolog.upper() or b"<!ENTITY" in prolog.upper():
        raise FileRejected(
            "De werkmap bevat XML-constructies (DOCTYPE/ENTITY) die Excel zelf "
            "nooit schrijft en wordt daarom niet geopend. " + _SAVE_AS_XLSX
        )
    if not root and len(head) >= _HEAD:
        raise FileRejected(_CORRUPT)


_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SHEET_DATA, _ROW = _MAIN_NS + "sheetData", _MAIN_NS + "row"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Zip path of each worksheet -> its sheet name."""
    try:
        book = SafeET.fromstring(zf.read("xl/workbook.xml"))
        rels = SafeET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except Exception as exc:  # defusedxml refuses entities; anything else is corrupt
        raise FileRejected(_CORRUPT) from exc
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return {targets.get(s.get(_REL_ID), ""): s.get("name") for s in book.iter(_MAIN_NS + "sheet")}


def _may_hold_flags(body: bytes) -> bool:
    """A quick substring test (a regex over a 30 MB sheet costs most of a second); a false
    hit only means the exact scan below runs. `<f` and `:f` are each searched once, then the
    character after them is looked at (`<formula1>` and `<filters>` are no formulas)."""
    if b' t="e"' in body:
        return True
    for marker in (b"<f", b":f"):
        at = body.find(marker)
        while at != -1:
            if body[at + 2 : at + 3] in (b">", b" ", b"/"):
                return True
            at = body.find(marker, at + 2)
    return False


_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?)(/?)>")
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_FORMULA = re.compile(rb"^\s*<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>([^<]*)</(?:\w+:)?f>)")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")


def _flagged_cells(body: bytes) -> dict[tuple[int, int], tuple[str, str]]:
    """Only run when the sheet holds a formula or an error cell, so it may be slowish."""
    found = {}
    for cell in _CELL.finditer(body):
        attrs, empty = cell.group(1), cell.group(2)
        ref = _REF.search(attrs)
        if not ref or empty:
            continue
        key = (int(ref.group(2)) - 1, column_index(ref.group(1).decode()))
        after = body[cell.end() : cell.end() + 4096]
        formula = _FORMULA.match(after)
        if formula:
            text = formula.group(1)
            found[key] = ("formula", "=" + _unescape(text) if text else "(gedeelde formule)")
        elif b't="e"' in attrs:
            value = _VALUE.search(after)
            found[key] = ("error", _unescape(value.group(1)) if value else "#FOUT")
    return found


def _unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def column_index(letters: str) -> int:
    """'A' -> 0, 'AB' -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def column_letter(index: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --- csv --------------------------------------------------------------------------------------


def _read_csv(data: bytes, lines: int = 0, stream_cells: int | None = None) -> Sheet:
    text = decode_text(data)
    delimiter = _sniff_delimiter(text)
    width = text[: text.find("\n")].count(delimiter) + 1
    if stream_cells is not None and lines * width > stream_cells:
        sheet = Sheet(None, source=_StreamedCsv(text, delimiter, lines))
        sheet.lines = sheet._source.lines
        return sheet
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines, start = [], {}, 1
    try:
        for row in reader:
            rows.append([v.strip() or None for v in row])
            if start != len(rows):
                lines[len(rows)] = start
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileRejected(
            f"Het CSV-bestand kan niet worden gelezen ({exc}). Controleer de "
            "aanhalingstekens of sla het opnieuw op als CSV."
        ) from exc
    sheet = Sheet(None, rows)
    sheet.lines = lines
    return sheet


class _StreamedCsv:
    """A long CSV file's rows, read as they are asked for (the text is held, its rows are not), with
    what `Sheet` asks of a CalamineSheet. `lines` is filled as the rows are read."""

    start = None
    total_width = 0

    def __init__(self, text: str, delimiter: str, lines: int):
        self.text, self.delimiter, self.total_height = text, delimiter, lines
        self.lines: dict[int, int] = {}

    def iter_rows(self):
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        number, start = 0, 1
        try:
            for row in reader:
                number += 1
                if start != number:
                    self.lines[number] = start
                start = reader.line_num + 1
                yield [v.strip() or None for v in row]
        except csv.Error as exc:
            raise FileRejected(
                f"Het CSV-bestand kan niet worden gelezen ({exc}). Controleer de "
                "aanhalingstekens of sla het opnieuw op als CSV."
            ) from exc

    def to_python(self, skip_empty_area: bool = False) -> list[list]:
        return list(self.iter_rows())


def decode_text(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV (gescheiden door lijstscheidingsteken)" in cp1252
        return data.decode("cp1252", "replace")


def _sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the most rows of the same width.
    csv.Sniffer is thrown off by CBS title rows, hence this."""
    sample = text[:20000].splitlines()[:30]
    best, best_score = ";", (0, 0)
    for delimiter in (";", ",", "\t", "|"):
        widths = [len(r) for r in csv.reader(sample, delimiter=delimiter) if any(r)]
        if not widths:
            continue
        common = max(set(widths), key=widths.count)
        score = (widths.count(common), common) if common > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- json -------------------------------------------------------------------------------------


def _read_json(data: bytes, layout: str, path: str | None) -> Sheet:
    """Flatten JSON to a sheet: a header row of property names, then one row per object.
    `keyed_by_code` is CBS's {"GM0034": {...}}; its code column is headed `code`."""
    try:
        doc = json.loads(decode_text(data))
    except ValueError as exc:
        raise FileRejected(f"Het JSON-bestand is ongeldig: {exc}. Controleer of het volledig is.") from exc
    for part in (path or "").split(".") if path else []:
        doc = doc.get(part) if isinstance(doc, dict) else None
    if layout == "keyed_by_code" and isinstance(doc, dict):
        items = [{"code": code, **(values or {})} for code, values in doc.items()]
    elif layout == "records" and isinstance(doc, list):
        items = [item for item in doc if isinstance(item, dict)]
    else:
        raise FileRejected(
            "Het JSON-bestand heeft niet de verwachte opbouw "
            f"({'een object per code' if layout == 'keyed_by_code' else 'een lijst'}). "
            "Kies het juiste profiel of bestand."
        )
    header = list(dict.fromkeys(key for item in items for key in item))
    rows = [header] + [[_json_cell(item.get(key)) for key in header] for item in items]
    return Sheet(None, rows)


def _json_cell(v):
    if isinstance(v, str):
        return v.strip() or None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return v
