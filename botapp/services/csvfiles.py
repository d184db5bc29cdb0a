"""Reading staff-supplied CSV files: rows with line numbers, column checks, and reports."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from botapp.messages import Msg, render
from botapp.messages import staff as t
from botapp.messages.formatting import Language, LocalTime


@dataclass(frozen=True)
class Notice:
    """A staff-facing remark: a catalog message and its parameters, rendered per reader.

    A parameter may itself be read per reader: a LocalTime, a Language, another Notice, or a
    list of them (joined with "; ").
    """

    msg: Msg
    params: dict[str, Any] = field(default_factory=dict)
    n: int | None = None

    def text(self, locale: str | None) -> str:
        """The remark in `locale`."""
        params = {name: _in(locale, value) for name, value in self.params.items()}
        return render(self.msg, locale, n=self.n, **params)


def _in(locale: str | None, value: Any) -> Any:
    """`value` as the reader of `locale` reads it."""
    if isinstance(value, list):
        return "; ".join(str(_in(locale, part)) for part in value)
    if isinstance(value, Notice | LocalTime | Language):
        return value.text(locale)
    return value


class ImportAborted(Exception):
    """The file (or the office) cannot be used at all: nothing was imported."""

    def __init__(self, msg: Msg, n: int | None = None, **params: Any) -> None:
        super().__init__(msg.key)
        self.notice = Notice(msg, params, n)


@dataclass
class ImportReport:
    """What an import did: counts, rejected rows as (line, reason), warnings, and what the
    imported rows scheduled or did not, and why (`scheduled`, by line)."""

    created: int = 0
    updated: int = 0
    rejected: list[tuple[int, Notice]] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    scheduled: list[Notice] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        """How many rows were rejected (a row may have several reasons)."""
        return len({line for line, _ in self.rejected})

    def lines(
        self, locale: str | None, counts: tuple[Msg, Msg] = (t.ROWS_CREATED, t.ROWS_UPDATED)
    ) -> list[str]:
        """The report as `botapp import` prints it and the admin's import page lists it:
        warnings, rejected rows by line, what was scheduled, then the counts."""
        notices = [*self.warnings, *(reason for _line, reason in self.rejected), *self.scheduled]
        created, updated = counts
        return [
            *(notice.text(locale) for notice in notices),
            render(created, locale, n=self.created),
            render(updated, locale, n=self.updated),
            render(t.REJECTED, locale, n=self.rejected_rows),
        ]


def read_csv(data: bytes) -> list[tuple[int, list[str]]]:
    """The non-blank records of a UTF-8 CSV file (BOM or not) with their line numbers."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportAborted(t.NOT_UTF8, line=data[: exc.start].count(b"\n") + 1) from None
    first = text.partition("\n")[0]
    # Excel in many European locales (Spanish included) saves "CSV" separated by semicolons.
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Blank records still count, so line numbers match the rows a spreadsheet shows.
        records = [(n, [_clean(c) for c in r]) for n, r in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ImportAborted(t.BAD_CSV, line=reader.line_num, detail=str(exc)) from None
    return [(n, cells) for n, cells in records if any(cells)]


def _clean(cell: str) -> str:
    # Names typed on a Mac can arrive decomposed (e + combining accent): store one form.
    return unicodedata.normalize("NFC", cell.strip())


def columns(
    header: list[str], required: Sequence[str], optional: Sequence[str]
) -> tuple[dict[str, int], list[Notice]]:
    """Column positions by name, or ImportAborted for missing or doubled columns; warnings."""
    names = [c.lower() for c in header]
    for name in names:
        if name and names.count(name) > 1:
            raise ImportAborted(t.DUPLICATE_COLUMN, column=name)
    missing = [c for c in required if c not in names]
    if missing:
        raise ImportAborted(t.MISSING_COLUMNS, len(missing), columns=", ".join(missing))
    unknown = [c for c in header if c and c.lower() not in (*required, *optional)]
    warning = Notice(t.UNKNOWN_COLUMNS, {"columns": ", ".join(unknown)}, len(unknown))
    return {n: i for i, n in enumerate(names) if n}, [warning] if unknown else []


class CsvRow:
    """One data row being checked; every problem is kept, not just the first.

    `values` holds every column the file has and every optional one (empty when absent).
    """

    def __init__(
        self,
        line: int,
        cells: list[str],
        positions: dict[str, int],
        width: int,
        optional: Sequence[str] = (),
    ) -> None:
        self.line = line
        self.values = {n: cells[i] if i < len(cells) else "" for n, i in positions.items()}
        self.values.update({n: "" for n in optional if n not in self.values})
        self.problems: list[Notice] = []
        for name, value in self.values.items():
            # PostgreSQL cannot hold one in text: the row is refused, and the value is never
            # looked up with it (a query would fail, and its error abort the whole import).
            if "\x00" in value:
                self.fail(t.NUL_CHARACTER, field=name)
                self.values[name] = value.replace("\x00", "")
        if any(cells[width:]):  # values shifted right: a text holding an unquoted comma
            self.fail(t.EXTRA_VALUES)

    def fail(self, msg: Msg, **params: Any) -> None:
        self.problems.append(Notice(msg, {"line": self.line, **params}))


R = TypeVar("R", bound=CsvRow)


def read_rows(
    data: bytes, row: type[R], required: Sequence[str], optional: Sequence[str]
) -> tuple[list[R], ImportReport]:
    """The data rows of a staff CSV file, and the report to fill (holding the column warnings).

    ImportAborted when the file is not UTF-8 CSV, is empty, or lacks or doubles a column.
    """
    records = read_csv(data)
    if not records:
        raise ImportAborted(t.EMPTY)
    (_, header), *data_rows = records
    positions, warnings = columns(header, required, optional)
    rows = [row(line, cells, positions, len(header), optional) for line, cells in data_rows]
    return rows, ImportReport(warnings=warnings)
