"""Write operations of the surveys app (and the validation they share with the paper import)."""

from prima.surveys.services.instruments import (
    add_unsur,
    check_weights,
    create_survey_from_template,
    new_version,
    set_survey_status,
    set_unsur_weights,
)
from prima.surveys.services.responses import (
    VersionSpec,
    answers_for_display,
    clean_answers,
    load_version,
    record_response,
    visible_items,
)

__all__ = [
    "VersionSpec",
    "add_unsur",
    "answers_for_display",
    "check_weights",
    "clean_answers",
    "create_survey_from_template",
    "load_version",
    "new_version",
    "record_response",
    "set_survey_status",
    "set_unsur_weights",
    "visible_items",
]
