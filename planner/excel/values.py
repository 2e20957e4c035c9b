"""Cell converters per column type: a value from the reader in, a typed value out, or `Invalid`
with a Dutch reason that tells the user what to fill in instead."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from planner.core.limits import MAX_AMOUNT, MAX_DATE, MAX_INT, MIN_DATE
from planner.core.text import clean_text

TYPES = ("text", "code", "int", "decimal", "money", "percentage", "date", "enum", "bool")

# Excel's error values in English and Dutch, as they show up in CSV exports.
ERROR_VALUES = frozenset(
    [
        "#N/A",
        "#N/B",
        "#DIV/0!",
        "#DEEL/0!",
        "#VALUE!",
        "#WAARDE!",
        "#REF!",
        "#VERW!",
        "#NAME?",
        "#NAAM?",
        "#NUM!",
        "#GETAL!",
        "#NULL!",
        "#LEEG!",
        "#SPILL!",
        "#OVERLOOP!",
        "#CALC!",
        "#BEREKENEN!",
        "#GETTING_DATA",
    ]
)

CENT = Decimal("0.01")
_NUMBER_JUNK = str.maketrans("", "", " \u00a0\u202f€'")
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            "",
            "januari jan",
            "februari feb",
            "maart mrt mar",
            "april apr",
            "mei may",
            "juni jun",
            "juli jul",
            "augustus aug",
            "september sep sept",
            "oktober okt oct",
            "november nov",
            "december dec",
        ]
    )
    for name in names.split()
}
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{2,4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+)?")
_D_MONTH_Y = re.compile(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_TRUE = {"ja", "j", "yes", "y", "true", "waar", "1", "x"}
_FALSE = {"nee", "n", "no", "false", "onwaar", "0"}


class Invalid(ValueError):
    """A cell value that does not fit its column; the message is the Dutch reason."""


def make_converter(type_: str, opts: dict):
    """Build the converter once per column so the row loop only calls it."""
    return _BUILDERS[type_](opts)


def shown(value) -> str:
    """A cell as the user saw it, for messages."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return format(value, ".15g").replace(".", ",")
    return str(value)


def to_decimal(value, mode: str = "auto") -> Decimal:
    t = type(value)
    if t is int:
        return Decimal(value)
    if t is float:
        # 15 significant digits is what Excel shows; beyond that is binary noise (0.1 + 0.2)
        return Decimal(format(value, ".15g"))
    if t is str:
        return _parse_number(value, mode)
    raise InvalidOperation


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?").fullmatch
# A float cell inside this range takes the fast paths (planner.excel.columns); NaN is in no range.
FLOAT_LIMIT = float(MAX_AMOUNT)
OUT_OF_RANGE = "valt buiten het bereik van -10 miljard tot 10 miljard. Controleer het getal."


def _parse_number(text: str, mode: str) -> Decimal:
    if mode != "comma" and _PLAIN_NUMBER(text):  # CBS and most exports: "25585.0"
        return Decimal(text)
    s = text.translate(_NUMBER_JUNK)
    if not s.isascii():  # Decimal() also reads Arabic-Indic and other digits
        raise InvalidOperation
    negative = False
    if s.startswith("(") and s.endswith(")"):  # accounting notation
        negative, s = True, s[1:-1]
    elif s.endswith("-") and len(s) > 1:  # SAP and other ledgers write 1.234,56-
        negative, s = True, s[:-1]
    if mode == "comma":
        s = s.replace(".", "").replace(",", ".")
    elif mode == "point":
        s = s.replace(",", "")
    elif "," in s and "." in s:  # the separator that comes last is the decimal one
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    elif s.count(",") > 1 or s.count(".") > 1:
        s = s.replace(",", "").replace(".", "")
    number = Decimal(s)
    if not number.is_finite():
        raise InvalidOperation
    return -number if negative else number


def _number(opts: dict, what: str, example: str):
    mode = opts.get("decimal", "auto")
    scale = Decimal(str(opts.get("scale", 1)))
    factor = Decimal(-1 if opts.get("negate") else 1) * scale
    message = f"is geen {what}. Vul een getal in, bijvoorbeeld {example}."

    def convert(value):
        # the hot path of every import: float and int first, no helper calls
        t = type(value)
        try:
            if t is float:
                number = Decimal(format(value, ".15g"))
            elif t is int:
                number = Decimal(value)
            else:
                number = to_decimal(value, mode)
        except (InvalidOperation, ValueError):
            raise Invalid(f"'{shown(value)}' {message}") from None
        if not number.is_finite():  # NaN and infinity, from a float cell or a text "Infinity"
            raise Invalid(f"'{shown(value)}' {message}")
        if factor != 1:
            number *= factor
        if not -MAX_AMOUNT <= number <= MAX_AMOUNT:
            raise Invalid(f"'{shown(value)}' {OUT_OF_RANGE}")
        return number

    return convert


def _decimal(opts):
    return _number(opts, "getal", opts.get("example", "12,5"))


def whole_cents(value: float) -> int:
    """A float cell as a whole number of cents: what Excel shows (15 significant digits) rounded
    half up. Nearly every amount is a whole number of cents, which the float times 100 lands on
    within far less than a millionth: then the cents are exact, at a third of the cost of the
    general way. (Below 10^13 cents the float's own spacing is under a thousandth of a cent; inf
    and nan fail the range test and go the general way.) Most others have three decimals (a
    computed × 1,1): when the float times 1000 is within 3·10^-16 of itself from a whole number
    of thousandths, the float is within half a unit of its 15th significant digit from that
    number (the product's own rounding is at most 1.1·10^-16 of it), so that number (at most 14
    digits here) is what Excel shows, and its cents are rounded half up in integers.
    Beyond ± € 10 billion (MAX_AMOUNT), infinity and NaN: Invalid."""
    cents = value * 100
    if not -FLOAT_LIMIT <= value <= FLOAT_LIMIT:
        raise Invalid(
            f"'{shown(value)}' {OUT_OF_RANGE}"
            if value == value
            else f"'{shown(value)}' is geen bedrag. Vul een getal in, bijvoorbeeld 1234,56."
        )
    if -1e13 < cents < 1e13:
        whole = round(cents)
        if -1e-6 < cents - whole < 1e-6:
            return whole
        thousandths = value * 1000
        mills = round(thousandths)
        if abs(thousandths - mills) < abs(thousandths) * 3e-16:
            return (mills + 5) // 10 if mills > 0 else -((5 - mills) // 10)
    return int(Decimal(format(value, ".15g")).quantize(CENT, ROUND_HALF_UP) * 100)


def euros(cents: int) -> Decimal:
    """An int of cents (whole_cents, parse(cents=True)) as a Decimal of euros and cents (CENT
    times an int is exact, and faster than scaleb)."""
    return CENT * cents


def cents_from_float(value: float) -> Decimal:
    """whole_cents as euros and cents."""
    return euros(whole_cents(value))


def _money(opts):
    number = _number(opts, "bedrag", opts.get("example", "1234,56"))
    quantize = Decimal.quantize
    plain = not opts.get("scale") and not opts.get("negate")

    def convert(value):
        # a float cell without scale or sign flip (most of every budget file): one step
        if plain and type(value) is float:
            return cents_from_float(value)
        return quantize(number(value), CENT, ROUND_HALF_UP)

    if plain:  # what a float cell takes, for a caller that already knows the cell is a float
        convert.for_float = cents_from_float
    return convert


def _percentage(opts):
    number = _number(opts, "percentage", opts.get("example", "12,5%"))

    def convert(value):
        return number(value.replace("%", "") if type(value) is str else value)

    return convert


def _int(opts):
    number = _number(opts, "geheel getal", opts.get("example", "120"))
    plain = not opts.get("scale") and not opts.get("negate")

    def convert(value):
        if plain and type(value) is int and -MAX_INT <= value <= MAX_INT:
            return value
        result = number(value)
        if not -MAX_INT <= result <= MAX_INT:
            raise Invalid(f"'{shown(value)}' is te groot. Vul een kleiner geheel getal in.")
        if result != result.to_integral_value():
            raise Invalid(
                f"'{shown(value)}' is geen geheel getal. Vul een getal zonder decimalen in, "
                f"bijvoorbeeld {opts.get('example', '120')}."
            )
        return int(result)

    return convert


def _text(opts):
    max_length = opts.get("max_length")

    def convert(value):
        text = value if type(value) is str else shown(value) if isinstance(value, (float, dt.date)) else str(value)
        text = _clean(text)
        if max_length and len(text) > max_length:
            raise Invalid(f"de tekst is {len(text)} tekens lang; het maximum is {max_length}. Kort de tekst in.")
        return text

    return convert


def _clean(text: str) -> str:
    try:
        return clean_text(text)
    except ValueError:
        raise Invalid("de tekst bevat een ongeldig teken (NUL). Haal het weg en importeer opnieuw.") from None


def _code(opts):
    """Codes arrive padded ('WK001400  '), stripped of leading zeros by Excel (34 for 0034),
    with or without their prefix (GM), or behind a label ('0.1 Bestuur')."""
    extract = re.compile(opts["extract"]) if opts.get("extract") else None
    pattern = re.compile(opts["pattern"]) if opts.get("pattern") else None
    prefix = opts.get("prefix", "")
    width = opts.get("width", 0)
    upper = opts.get("upper", bool(prefix))
    example = opts.get("example")
    hint = f" Vul een code in zoals {example}." if example else ""
    if not (extract or pattern or prefix or width or upper):

        def plain(value):
            return _clean((value if type(value) is str else shown(value).replace(",", ".")).replace(" ", ""))

        return plain

    def convert(value):
        code = _clean(value if type(value) is str else shown(value).replace(",", "."))
        if extract:
            found = extract.match(code)
            if not found:
                raise Invalid(f"in '{code}' staat geen herkenbare code.{hint}")
            code = found.group(1)
        code = code.replace(" ", "")
        if upper:
            code = code.upper()
        body = code[len(prefix) :] if prefix and code.startswith(prefix) else code
        if width and body.isdigit():
            body = body.zfill(width)
        code = prefix + body
        if pattern and not pattern.fullmatch(code):
            raise Invalid(f"'{shown(value)}' is geen geldige code.{hint}")
        return code

    return convert


def _date(opts):
    example = " Vul een datum in als dd-mm-jjjj, bijvoorbeeld 15-03-2024."
    bounds = f"{MIN_DATE.strftime('%d-%m-%Y')} en {MAX_DATE.strftime('%d-%m-%Y')}"

    def convert(value):
        date = read(value)
        if not MIN_DATE <= date <= MAX_DATE:  # a year 9999 or 0001 is a typing error
            raise Invalid(f"'{shown(value)}' ligt niet tussen {bounds}. Controleer het jaartal.")
        return date

    def read(value):
        t = type(value)
        if t is dt.date:
            return value
        if t is dt.datetime:
            return value.date()
        if t is int and 20000 <= value <= 80000:  # a date cell without date format: Excel's day number
            return _EXCEL_EPOCH + dt.timedelta(days=value)
        if t is str:
            text = value.lower()
            if m := _DMY.fullmatch(text):
                day, month, year = (int(g) for g in m.groups())
                if len(m.group(3)) != 4:
                    raise Invalid(f"'{value}' heeft geen jaartal van vier cijfers.{example}")
                return _checked_date(value, year, month, day, example)
            if m := _YMD.fullmatch(text):
                year, month, day = (int(g) for g in m.groups())
                return _checked_date(value, year, month, day, example)
            if (m := _D_MONTH_Y.fullmatch(text)) and m.group(2) in _MONTHS:
                return _checked_date(value, int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)), example)
        raise Invalid(f"'{shown(value)}' is geen datum.{example}")

    return convert


def _checked_date(text, year, month, day, example):
    if not 1 <= month <= 12:
        raise Invalid(f"'{text}' bestaat niet: er is geen maand {month}.{example}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        month_name = next(k for k, v in _MONTHS.items() if v == month)
        raise Invalid(f"'{text}' bestaat niet: {month_name} {year} heeft {last} dagen.{example}")
    return dt.date(year, month, day)


def _enum(opts):
    """`values` is a list (stored as written) or a table {stored = [spellings...]}."""
    values = opts["values"]
    if isinstance(values, list):
        values = {v: [v] for v in values}
    lookup, choices = {}, []
    for stored, spellings in values.items():
        spellings = [spellings] if isinstance(spellings, str) else list(spellings)
        choices.append(spellings[0] if spellings else stored)
        for spelling in (stored, *spellings):
            lookup[normalise_label(spelling)] = stored
    choices = ", ".join(choices)

    def convert(value):
        stored = lookup.get(normalise_label(shown(value)))
        if stored is None:
            raise Invalid(f"'{shown(value)}' is geen toegestane waarde. Kies uit: {choices}.")
        return stored

    return convert


def _bool(opts):
    def convert(value):
        if type(value) is bool:
            return value
        text = shown(value).lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise Invalid(f"'{shown(value)}' is geen ja of nee. Vul 'ja' of 'nee' in.")

    return convert


_BUILDERS = {
    "text": _text,
    "code": _code,
    "int": _int,
    "decimal": _decimal,
    "money": _money,
    "percentage": _percentage,
    "date": _date,
    "enum": _enum,
    "bool": _bool,
}

_LABEL_JUNK = re.compile(r"[^0-9a-z€%]+")
_ACCENTS = str.maketrans("áàâäéèêëíìîïóòôöúùûüçñ", "aaaaeeeeiiiioooouuuucn")


def normalise_label(text: str) -> str:
    """Header and enum matching ignores case, accents, spaces and punctuation:
    'Begroting na wijziging', 'begroting_na_wijziging' and 'BegrotingNaWijziging' are one."""
    return _LABEL_JUNK.sub("", str(text).casefold().translate(_ACCENTS))
