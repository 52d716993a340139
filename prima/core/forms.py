from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service function's ValidationError on the form: on its field where the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(NON_FIELD_ERRORS, error.messages)
