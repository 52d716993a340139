"""Form fields the staff pages share: choices by id that never reach the database with an impossible id,
times typed in the unit's own time zone, dates from a date picker, and several files at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What a database integer column can hold: SQLite raises OverflowError beyond it, which must be a form error.
_ID_RANGE = range(1, 2**63)


def _is_storable_id(value: Any) -> bool:
    try:
        return int(str(value)) in _ID_RANGE
    except ValueError:
        return False


class ModelIdField(forms.ModelChoiceField):
    """A choice of one row by id that refuses malformed or out-of-range ids before querying."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not _is_storable_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelIdsField(forms.ModelMultipleChoiceField):
    """A choice of several rows by id that refuses malformed or out-of-range ids before querying."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not _is_storable_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]


class IdListField(forms.Field):
    """Several ids (checkboxes of a list); malformed ones are refused, unknown ones are left to the caller."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": forms.ModelMultipleChoiceField.default_error_messages["invalid_pk_value"],
        "too_many": _("Choose at most %(limit)d at once."),
    }

    def __init__(self, *, max_count: int = 200, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_count = max_count

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > self.max_count:
            raise forms.ValidationError(
                self.error_messages["too_many"], code="too_many", params={"limit": self.max_count}
            )
        for item in values:
            if not _is_storable_id(item):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid", params={"pk": item})
        return sorted({int(str(item)) for item in values})


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A day from the browser's date picker (ISO) or typed the Indonesian way (25/11/2026)."""

    widget = DateInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"])
        super().__init__(**kwargs)


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class LocalDateTimeField(forms.DateTimeField):
    """A wall-clock time as typed at the counter, returned naive: the service reads it in the unit's time
    zone (WIB, WITA or WIT), whatever time zone the page happens to run in."""

    widget = LocalDateTimeInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y %H.%M"])
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> dt.datetime | None:
        moment = super().to_python(value)
        if moment is None or timezone.is_naive(moment):
            return moment
        return timezone.make_naive(moment)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (type, size, count)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files: Sequence[Any] = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(file, initial) for file in files]
