"""Paper answers imported from a spreadsheet (CSV or XLSX), all or none.

Layout (documented with an example in docs/surveys.md): the first row is the header, one column per item code
(U1…U9 for the SKM template, profile codes such as JK, USIA, LAYANAN, …), in any order and any case; every further
row is one paper form. An empty cell means "not answered". Single-choice and profile cells take the option's
value or its label (Indonesian or English, any case); multiple-choice cells take values or labels separated by
";" or ","; numbers typed in Excel may arrive as 3.0 (read as 3; 3.5 is refused). An optional column TANGGAL
(or DATE) gives the date the form was filled in (YYYY-MM-DD, or an Excel date); without it the import time is used.

Every cell of every row is checked first; any bad cell refuses the whole file and the errors name each cell as
"row R, column C" with the spreadsheet's own numbering (the header is row 1). A valid file is written in one
transaction with bulk inserts (responses, then answers, by batches), channel "paper", one new import batch id.
The SHA-256 of the file is stored: the same file cannot be imported twice into a survey. At most 50,000 rows.
"""

from __future__ import annotations

import csv
import hashlib
import io
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from prima.accounts.models import User
from prima.activity.services import log_action
from prima.standards.models import Service
from prima.surveys.analytics._scope import survey_zone
from prima.surveys.models import Answer, ImportBatch, Item, ItemKind, Response, ResponseChannel, Survey
from prima.surveys.services.responses import (
    Cleaned,
    VersionSpec,
    answer_rows,
    clean_answers,
    index_items_answered,
    load_version,
)

MAX_ROWS = 50_000
MAX_BYTES = 20 * 1024 * 1024
BATCH_SIZE = 2_000
DATE_COLUMNS = frozenset({"TANGGAL", "DATE"})


@dataclass(frozen=True)
class CellError:
    row: int | None  # spreadsheet row number (header = 1); None for a problem with the whole file
    column: str  # spreadsheet column letter ("" for the whole file or a whole row)
    code: str  # the item code in the header, when known
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        where = f"{self.column} ({self.code})" if self.code else self.column
        if not where:
            return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": where,
            "message": self.message,
        }


class ImportRefused(Exception):
    """Nothing was imported; ``errors`` says why (every bad cell, or one problem with the file)."""

    def __init__(self, errors: Sequence[CellError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class ImportResult:
    batch: str
    imported: int


def _file_error(message: str | Promise) -> ImportRefused:
    return ImportRefused([CellError(None, "", "", str(message))])


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# --- reading ---------------------------------------------------------------------------------------------------


def _csv_rows(content: bytes) -> Iterator[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(_('The CSV file is not UTF-8 text; save it as "CSV UTF-8" and try again.')) from None
    if "\x00" in text:
        raise _file_error(_("This file cannot be read as CSV."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise _file_error(_("The CSV file is damaged: %(error)s") % {"error": error}) from None


def _xlsx_rows(content: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    damaged = _("This XLSX file is damaged or not a spreadsheet; it cannot be read.")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a broken file
        raise _file_error(damaged) from None
    try:
        if not workbook.worksheets:
            raise _file_error(_("The file is empty."))
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception:  # a damaged sheet fails while being read
                raise _file_error(damaged) from None
            yield list(row)
    finally:
        workbook.close()


def read_rows(content: bytes, file_name: str) -> Iterator[list[Any]]:
    """The rows of a CSV (UTF-8, with or without BOM, "," or ";") or XLSX (first sheet) file."""
    name = file_name.lower()
    is_zip = content[:4] == b"PK\x03\x04"
    if name.endswith(".xlsx") or (is_zip and not name.endswith(".csv")):
        if not is_zip:
            raise _file_error(_("This XLSX file is damaged or not a spreadsheet; it cannot be read."))
        return _xlsx_rows(content)
    if name.endswith(".csv") or not name:
        return _csv_rows(content)
    raise _file_error(_("Upload a CSV or XLSX file (.csv or .xlsx)."))


# --- cell values -----------------------------------------------------------------------------------------------


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value: Any) -> int | str:
    """An integer, or an error message."""
    if isinstance(value, bool):
        return _("Enter a number.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else _("Enter a whole number.")
    text = str(value).strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return _("Enter a number.")
    return int(number) if number.is_integer() else _("Enter a whole number.")


@dataclass
class _Column:
    index: int
    letter: str
    code: str
    item: Item | None  # None for the date column
    labels: dict[str, int]


def _option_labels(spec: VersionSpec, item: Item) -> dict[str, int]:
    labels: dict[str, int] = {}
    for option in item.options.all():
        for text in (option.label or {}).values():
            if isinstance(text, str) and text.strip():
                labels.setdefault(text.strip().casefold(), option.value)
    return labels


def _choice(column: _Column, raw: Any) -> int | str:
    if isinstance(raw, str):
        label = column.labels.get(raw.strip().casefold())
        if label is not None:
            return label
    number = _number(raw)
    if isinstance(number, str):
        return _("Not one of the options of this question.")
    return number


def _cell_value(column: _Column, raw: Any) -> tuple[object, str]:
    """(value for ``clean_answers``, "") or (None, message)."""
    item = column.item
    assert item is not None
    if item.kind == ItemKind.TEXT:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        return str(raw).strip(), ""
    if item.kind == ItemKind.MULTIPLE_CHOICE:
        parts = (
            [part for part in str(raw).replace(";", ",").split(",") if part.strip()] if isinstance(raw, str) else [raw]
        )
        chosen: list[int] = []
        for part in parts:
            value = _choice(column, part)
            if isinstance(value, str):
                return None, value
            chosen.append(value)
        return chosen, ""
    if item.kind in (ItemKind.SINGLE_CHOICE, ItemKind.PROFILE):
        value = _choice(column, raw)
        return (None, value) if isinstance(value, str) else (value, "")
    number = _number(raw)
    return (None, number) if isinstance(number, str) else (number, "")


def _date_value(raw: Any) -> date | str:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        return _("Enter the date as YYYY-MM-DD.")


# --- import ----------------------------------------------------------------------------------------------------


def _header(spec: VersionSpec, cells: Sequence[Any], data_columns: set[int]) -> tuple[list[_Column], list[CellError]]:
    by_code = {item.code.upper(): item for item in spec.items}
    columns: list[_Column] = []
    errors: list[CellError] = []
    seen: dict[str, str] = {}
    for index, raw in enumerate(cells):
        letter = column_letter(index)
        code = str(raw).strip().upper() if not _blank(raw) else ""
        if not code:
            if index in data_columns:
                errors.append(CellError(1, letter, "", _("This column has answers but no item code in row 1.")))
            continue
        if code in seen:
            errors.append(
                CellError(
                    1,
                    letter,
                    code,
                    _("Item %(code)s is also in column %(other)s.") % {"code": code, "other": seen[code]},
                )
            )
            continue
        seen[code] = letter
        if code in DATE_COLUMNS:
            columns.append(_Column(index, letter, code, None, {}))
        elif code in by_code:
            item = by_code[code]
            columns.append(_Column(index, letter, item.code, item, _option_labels(spec, item)))
        else:
            errors.append(CellError(1, letter, code, _("This survey has no item with code %(code)s.") % {"code": code}))
    return columns, errors


def import_responses(
    survey: Survey,
    content: bytes,
    *,
    file_name: str = "",
    actor: User | None = None,
) -> ImportResult:
    """Import every row of a CSV/XLSX file as a paper response of ``survey``, or nothing.

    Raises ``ImportRefused`` listing every bad cell (or the problem with the file). Side effects: one
    ``ImportBatch``, the responses and answers, activity log ``surveys.responses.imported``.
    """
    if len(content) > MAX_BYTES:
        raise _file_error(_("The file is larger than 20 MB."))
    if not content.strip():
        raise _file_error(_("The file is empty."))
    digest = hashlib.sha256(content).hexdigest()
    if ImportBatch.objects.filter(survey=survey, sha256=digest).exists():
        raise _file_error(_("This file was already imported into this survey; nothing was imported again."))
    version = survey.current_version()
    if version is None:
        raise _file_error(_("This survey has no questions yet."))
    spec = load_version(version)

    rows: list[tuple[int, list[Any]]] = []
    header: list[Any] | None = None
    for number, cells in enumerate(read_rows(content, file_name), start=1):
        if header is None:
            if number == 1 and all(_blank(cell) for cell in cells):
                raise _file_error(_("Row 1 is empty: put the item codes in the first row."))
            header = cells
            continue
        if all(_blank(cell) for cell in cells):
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise _file_error(
                _("The file has more than %(limit)s rows; split it into smaller files.") % {"limit": f"{MAX_ROWS:,}"}
            )
    if header is None:
        raise _file_error(_("The file is empty."))
    if not rows:
        raise _file_error(_("The file has a header but no rows of answers."))

    data_columns = {index for _number_, cells in rows for index, cell in enumerate(cells) if not _blank(cell)}
    columns, errors = _header(spec, header, data_columns)
    if errors:
        raise ImportRefused(errors)
    letters = {column.code: column.letter for column in columns}
    service_units = dict(
        Service.objects.filter(pk__in={s for o in spec.options.values() for s in o.values() if s}).values_list(
            "pk", "unit_id"
        )
    )
    zone = survey_zone(survey)
    now = timezone.now()

    prepared: list[tuple[int, dict[str, Cleaned], datetime]] = []
    for number, cells in rows:
        answers: dict[str, object] = {}
        submitted_at = now
        row_errors: list[CellError] = []
        for column in columns:
            raw = cells[column.index] if column.index < len(cells) else None
            if _blank(raw):
                continue
            if column.item is None:
                day = _date_value(raw)
                if isinstance(day, str):
                    row_errors.append(CellError(number, column.letter, column.code, day))
                else:
                    submitted_at = datetime.combine(day, time(12), tzinfo=zone)
                continue
            value, message = _cell_value(column, raw)
            if message:
                row_errors.append(CellError(number, column.letter, column.code, message))
            else:
                answers[column.code] = value
        # A paper form is taken as filled in: an empty cell is an unanswered item, never an error.
        cleaned, problems = clean_answers(spec, answers, enforce_required=False)
        for code, messages in problems.items():
            if any(error.code == code for error in row_errors):
                continue
            for message in messages:
                row_errors.append(CellError(number, letters.get(code, ""), code, message))
        if row_errors:
            errors.extend(sorted(row_errors, key=lambda error: (len(error.column), error.column)))
        elif not cleaned:
            errors.append(CellError(number, "", "", _("This row has no answers.")))
        else:
            prepared.append((number, cleaned, submitted_at))
    if errors:
        raise ImportRefused(errors)

    batch = uuid.uuid4().hex
    try:
        with transaction.atomic():
            ImportBatch.objects.create(
                survey=survey,
                batch=batch,
                sha256=digest,
                file_name=file_name[:255],
                rows=len(prepared),
                created_by=actor,
            )
            for start in range(0, len(prepared), BATCH_SIZE):
                chunk = prepared[start : start + BATCH_SIZE]
                responses = [
                    _response(survey, spec, cleaned, submitted_at, batch, number, service_units)
                    for number, cleaned, submitted_at in chunk
                ]
                Response.objects.bulk_create(responses)
                Answer.objects.bulk_create(
                    [
                        row
                        for response, (_row, cleaned, _when) in zip(responses, chunk, strict=True)
                        for row in answer_rows(spec, cleaned, response=response)
                    ],
                    batch_size=BATCH_SIZE * 4,
                )
            log_action(
                "surveys.responses.imported",
                actor=actor,
                obj=survey,
                unit=survey.unit,
                data={"name": survey.name, "rows": len(prepared), "batch": batch, "file": file_name[:255]},
            )
    except IntegrityError:
        raise _file_error(_("This file was already imported into this survey; nothing was imported again.")) from None
    return ImportResult(batch=batch, imported=len(prepared))


def _response(
    survey: Survey,
    spec: VersionSpec,
    cleaned: dict[str, Cleaned],
    submitted_at: datetime,
    batch: str,
    row: int,
    service_units: dict[int, int],
) -> Response:
    service_id = survey.service_id
    if service_id is None:
        for item in spec.items:
            value = cleaned.get(item.code)
            if item.profile_field == "service" and isinstance(value, int):
                service_id = spec.options.get(item.pk, {}).get(value)
                break
    unit_id = survey.unit_id or (service_units.get(service_id) if service_id else None)
    return Response(
        survey=survey,
        version=spec.version,
        unit_id=unit_id,
        service_id=service_id,
        channel=ResponseChannel.PAPER,
        submitted_at=submitted_at,
        import_batch=batch,
        import_row=row,
        index_items_answered=index_items_answered(spec, cleaned),
    )
