"""A small shop's sales file (CSV) read into totals: revenue per month, best sellers, payment-method mix.

Pure logic, no widgets. Reads the bytes of a CSV in memory (the learner's upload is never written to
disk) with the ``csv`` module. Every way a file can be wrong becomes an InputProblem naming the line,
in the learner's language. A fictional sample ships as ``data/contoh_penjualan.csv``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from literasi.i18n import t

from ..data_checks import data_path
from ..money import format_number
from ..problems import InputProblem

SAMPLE_NAME = "contoh_penjualan.csv"
SAMPLE_LABEL = f"widgets/data/{SAMPLE_NAME}"
# Bounds of this dashboard (not of any rule): a year of a busy micro business fits easily, and a phone
# kernel stays quick. A bigger file gets a sentence asking to split it.
MAX_FILE_BYTES = 2_000_000
MAX_ROWS = 20_000
MAX_QUANTITY = 1_000_000
MAX_UNIT_PRICE = Decimal(1_000_000_000)
MAX_PROBLEMS_LISTED = 5
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
MAX_SHOWN_TEXT = 40  # characters of a bad cell quoted back in a message

# The columns a sales file needs, with the header names accepted for each (compared after lower-casing
# and turning spaces and dashes into underscores).
COLUMNS = {
    "date": ("tanggal", "tgl", "date"),
    "product": ("produk", "nama_produk", "barang", "nama_barang", "product"),
    "quantity": ("jumlah", "jml", "qty", "kuantitas", "banyaknya", "quantity"),
    "unit_price": ("harga_satuan", "harga", "harga_jual", "harga_per_unit", "unit_price", "price"),
    "method": ("metode_bayar", "metode_pembayaran", "metode", "cara_bayar", "cara_pembayaran", "pembayaran", "bayar",
               "payment_method", "payment"),
}
METHOD_ALIASES = {
    "tunai": "tunai", "cash": "tunai", "kontan": "tunai", "uang_tunai": "tunai",
    "qris": "qris",
    "transfer": "transfer", "transfer_bank": "transfer", "bank_transfer": "transfer", "tf": "transfer",
    "e_wallet": "e-wallet", "ewallet": "e-wallet", "dompet_digital": "e-wallet", "e_money": "e-wallet",
    "gopay": "e-wallet", "ovo": "e-wallet", "dana": "e-wallet", "shopeepay": "e-wallet", "linkaja": "e-wallet",
}
KNOWN_METHODS = ("tunai", "qris", "transfer", "e-wallet")
NOT_STATED = "not_stated"

_ISO_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_DAY_FIRST_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_PLAIN = re.compile(r"^\d+$")
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")  # 25.000 / 1.250.000,50 (Indonesian)
_COMMA_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")  # 25,000 / 1,250,000.50 (English)
_COMMA_DECIMAL = re.compile(r"^\d+,\d+$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d+$")


class SalesFileProblem(InputProblem):
    """One or more things wrong with a sales file; ``messages(lang)`` lists them, line by line."""

    def __init__(self, problems: list[InputProblem], more: int = 0) -> None:
        super().__init__(problems[0].key, **problems[0].params)
        self.problems = problems
        self.more = more

    def messages(self, lang: str) -> list[str]:
        found = [problem.message(lang) for problem in self.problems]
        if self.more:
            found.append(t("umkm.csv_more_problems", lang, count=format_number(self.more, lang)))
        return found

    def message(self, lang: str) -> str:
        return " ".join(self.messages(lang))


def _problem(key: str, **params: object) -> SalesFileProblem:
    return SalesFileProblem([InputProblem(key, **params)])


def _shown(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN_TEXT else text[:MAX_SHOWN_TEXT - 1] + "…"


def _key(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


# --- Cells ---------------------------------------------------------------------------------------

class BadCell(ValueError):
    """A cell that cannot be read; ``key`` names the sentence that explains it."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_sales_number(text: str) -> Decimal:
    """A number as small shops write it: ``25000``, ``25.000``, ``Rp25.000,-``, ``25,000``, ``2,5``.

    A group of exactly three digits after a dot or comma is thousands (rupiah has no 3-digit cents).
    Raises BadCell("negative") for a minus sign and BadCell("not_number") for anything else unreadable.
    """
    cleaned = "".join(text.split())
    for prefix in ("rp.", "rp", "idr"):
        if cleaned.lower().startswith(prefix):
            cleaned = cleaned[len(prefix):]
            break
    for suffix in (",-", ".-", ",00", ".00"):
        if cleaned.endswith(suffix) and len(cleaned) > len(suffix):
            cleaned = cleaned[: -len(suffix)]
            break
    negative = cleaned.startswith("-")
    cleaned = cleaned.removeprefix("-")
    if not cleaned.isascii():
        raise BadCell("not_number")
    if _PLAIN.match(cleaned):
        number = cleaned
    elif _DOT_THOUSANDS.match(cleaned):
        number = cleaned.replace(".", "").replace(",", ".")
    elif _COMMA_THOUSANDS.match(cleaned):
        number = cleaned.replace(",", "")
    elif _COMMA_DECIMAL.match(cleaned):
        number = cleaned.replace(",", ".")
    elif _DOT_DECIMAL.match(cleaned):
        number = cleaned
    else:
        raise BadCell("not_number")
    if len(number) > 40:
        raise BadCell("too_large")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise BadCell("not_number") from None
    if negative and value != 0:
        raise BadCell("negative")
    return value


def parse_sales_date(text: str) -> dt.date:
    """``2025-01-31``, ``31/01/2025``, ``31-1-2025`` or ``31.01.2025``; a time after the date is ignored."""
    cleaned = text.strip().replace("T", " ").split(" ")[0]
    iso = _ISO_DATE.match(cleaned)
    day_first = _DAY_FIRST_DATE.match(cleaned)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
    elif day_first:
        day, month, year = (int(part) for part in day_first.groups())
    else:
        raise BadCell("bad_date")
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise BadCell("bad_date") from None
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise BadCell("date_out_of_range")
    return value


def normalise_method(text: str) -> str:
    """One of KNOWN_METHODS, NOT_STATED, or the learner's own word (shortened) when we do not know it."""
    key = _key(text)
    if not key:
        return NOT_STATED
    return METHOD_ALIASES.get(key, _shown(text.strip())[:24])


# --- The file ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sale:
    day: dt.date
    product: str
    quantity: int
    unit_price: Decimal
    method: str

    @property
    def revenue(self) -> Decimal:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class ProductTotal:
    name: str
    quantity: int
    revenue: Decimal


@dataclass(frozen=True)
class MethodTotal:
    method: str
    transactions: int
    revenue: Decimal


@dataclass(frozen=True)
class SalesSummary:
    sales: tuple[Sale, ...]
    monthly: tuple[tuple[dt.date, Decimal], ...]  # first day of every month from the first sale to the last
    products: tuple[ProductTotal, ...]  # best seller first: most items sold, then most revenue
    methods: tuple[MethodTotal, ...]  # largest share of revenue first

    @property
    def total_revenue(self) -> Decimal:
        return sum((sale.revenue for sale in self.sales), Decimal(0))

    @property
    def total_quantity(self) -> int:
        return sum(sale.quantity for sale in self.sales)

    @property
    def transactions(self) -> int:
        return len(self.sales)

    @property
    def first_day(self) -> dt.date:
        return min(sale.day for sale in self.sales)

    @property
    def last_day(self) -> dt.date:
        return max(sale.day for sale in self.sales)

    @property
    def best_seller(self) -> ProductTotal:
        return self.products[0]


def _decode(data: bytes) -> str:
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _problem("umkm.csv_spreadsheet")
    if b"\x00" in data[:4096]:
        raise _problem("umkm.csv_not_text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows code page; every byte decodes there or in latin-1.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _delimiter(header_line: str) -> str:
    commas, semicolons = header_line.count(","), header_line.count(";")
    if commas == semicolons == 0:
        for other, name in (("\t", "tab"), ("|", "|")):
            if other in header_line:
                raise _problem("umkm.csv_wrong_delimiter", found=name)
        return ","
    return ";" if semicolons > commas else ","


def _columns(header: list[str], line: int) -> dict[str, int]:
    names = [_key(name) for name in header]
    found: dict[str, int] = {}
    for column, accepted in COLUMNS.items():
        for index, name in enumerate(names):
            if name in accepted:
                found[column] = index
                break
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        raise _problem(
            "umkm.csv_missing_columns", line=line,
            missing=lambda lang: ", ".join(t(f"umkm.column_{column}", lang) for column in missing),
            expected=lambda lang: ", ".join(t(f"umkm.column_{column}", lang) for column in COLUMNS),
        )
    return found


def _row_problem(error: BadCell, column: str, line: int, cell: str) -> InputProblem:
    key = "empty_cell" if not cell.strip() else error.key
    return InputProblem(f"umkm.csv_{key}", line=line, value=_shown(cell), earliest=EARLIEST_YEAR,
                        latest=LATEST_YEAR, column=lambda lang: t(f"umkm.column_{column}", lang))


def _check_cell_count(cells: list[str], width: int, needed: int, line: int) -> None:
    """Extra cells shift every value (an unquoted ``25,000`` in a comma file); too few lose a column.
    Empty cells after the header's last column (spreadsheets add them) and a short row that still
    has every needed column are fine."""
    extra = cells[width:]
    if any(cell.strip() for cell in extra):
        raise InputProblem("umkm.csv_too_many_cells", line=line, found=len(cells), expected=width)
    if len(cells) < needed:
        raise InputProblem("umkm.csv_too_few_cells", line=line, found=len(cells), expected=width)


def _read_row(cells: list[str], columns: dict[str, int], line: int) -> Sale:
    values = {column: cells[index] for column, index in columns.items()}
    try:
        day = parse_sales_date(values["date"])
    except BadCell as error:
        raise _row_problem(error, "date", line, values["date"]) from None
    product = " ".join(values["product"].split())
    if not product:
        raise InputProblem("umkm.csv_empty_product", line=line)
    try:
        quantity = parse_sales_number(values["quantity"])
        if quantity == 0:
            raise BadCell("quantity_zero")
        if quantity != quantity.to_integral_value():
            raise BadCell("quantity_not_whole")
        if quantity > MAX_QUANTITY:
            raise BadCell("too_large")
    except BadCell as error:
        raise _row_problem(error, "quantity", line, values["quantity"]) from None
    try:
        unit_price = parse_sales_number(values["unit_price"])
        if unit_price > MAX_UNIT_PRICE:
            raise BadCell("too_large")
    except BadCell as error:
        raise _row_problem(error, "unit_price", line, values["unit_price"]) from None
    return Sale(day, product[:80], int(quantity), unit_price, normalise_method(values["method"]))


def read_sales(data: bytes | str) -> SalesSummary:
    """The summary of a sales CSV (bytes as uploaded, or text); raises SalesFileProblem naming what is wrong."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise _problem("umkm.csv_too_big", size=lambda lang: _megabytes(len(data), lang),
                       limit=lambda lang: _megabytes(MAX_FILE_BYTES, lang))
    text = _decode(data)
    if not text.strip():
        raise _problem("umkm.csv_empty")
    header_line = next(line for line in text.splitlines() if line.strip())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(header_line))
    sales: list[Sale] = []
    problems: list[InputProblem] = []
    more = 0
    columns: dict[str, int] | None = None
    width = 0
    line = 0
    try:
        for cells in reader:
            line, end = line + 1, reader.line_num  # a quoted cell may span lines: name the row's first line
            if not any(cell.strip() for cell in cells):
                line = end
                continue
            if columns is None:
                columns, width = _columns(cells, line), len(cells)
                line = end
                continue
            if len(sales) + len(problems) + more >= MAX_ROWS:
                raise _problem("umkm.csv_too_many_rows", limit=lambda lang: format_number(MAX_ROWS, lang))
            try:
                _check_cell_count(cells, width, max(columns.values()) + 1, line)
                sales.append(_read_row(cells, columns, line))
            except InputProblem as problem:
                if len(problems) < MAX_PROBLEMS_LISTED:
                    problems.append(problem)
                else:
                    more += 1
            line = end
    except csv.Error:
        raise _problem("umkm.csv_broken_quotes", line=line) from None
    if problems:
        raise SalesFileProblem(problems, more)
    if not sales:
        raise _problem("umkm.csv_no_rows")
    return summarise(sales)


def _megabytes(size: int, lang: str) -> str:
    return f"{format_number(round(Decimal(size) / 1_000_000, 1), lang)} MB"


def summarise(sales: list[Sale]) -> SalesSummary:
    by_month: dict[dt.date, Decimal] = defaultdict(Decimal)
    quantity: dict[str, int] = defaultdict(int)
    revenue: dict[str, Decimal] = defaultdict(Decimal)
    spelling: dict[str, str] = {}  # "keripik pisang" → the first way the file wrote it
    method_count: dict[str, int] = defaultdict(int)
    method_revenue: dict[str, Decimal] = defaultdict(Decimal)
    for sale in sales:
        by_month[sale.day.replace(day=1)] += sale.revenue
        name = spelling.setdefault(sale.product.casefold(), sale.product)
        quantity[name] += sale.quantity
        revenue[name] += sale.revenue
        method_count[sale.method] += 1
        method_revenue[sale.method] += sale.revenue
    first, last = min(by_month), max(by_month)
    months = []
    month = first
    while month <= last:
        months.append((month, by_month.get(month, Decimal(0))))
        month = (month + dt.timedelta(days=32)).replace(day=1)
    products = sorted((ProductTotal(name, quantity[name], revenue[name]) for name in quantity),
                      key=lambda p: (-p.quantity, -p.revenue, p.name.casefold()))
    methods = sorted((MethodTotal(m, method_count[m], method_revenue[m]) for m in method_count),
                     key=lambda m: (-m.revenue, -m.transactions, m.method))
    return SalesSummary(tuple(sales), tuple(months), tuple(products), tuple(methods))


def read_sample_bytes() -> bytes:
    return data_path(SAMPLE_NAME).read_bytes()


def load_sample() -> SalesSummary:
    return read_sales(read_sample_bytes())


def check_data(path: Path | None = None) -> list[str]:
    """Problems in data/contoh_penjualan.csv (or a copy at ``path``), for ``literasi check``."""
    label = SAMPLE_LABEL if path is None else str(path)
    try:
        data = read_sample_bytes() if path is None else path.read_bytes()
        read_sales(data)
    except SalesFileProblem as problem:
        return [f"{label}: {message}" for message in problem.messages("en")]
    except OSError as error:
        return [f"{label}: {error.__class__.__name__}: {error}"]
    return []
