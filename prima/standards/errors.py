"""Validation errors with a stable ``code``, so that callers and tests can tell them apart in any language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.functional import Promise


def invalid(message: str | Promise, code: str, key: str | None = None) -> ValidationError:
    """``ValidationError(message, code=code)``, keyed by ``key`` (a form field name) when given."""
    error = ValidationError(str(message), code=code)
    return ValidationError({key: error}) if key else error
