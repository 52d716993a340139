"""Staff forms for requests. Forms validate input only; the services in ``prima.tickets.services`` decide."""

from prima.tickets.forms.actions import (
    AssignForm,
    BookAppointmentForm,
    CancelAppointmentForm,
    CategoryForm,
    CollaboratorsForm,
    MergeForm,
    OrderLineForm,
    PriorityForm,
    PromisedDateForm,
    ReplyForm,
    StatusForm,
    TagsForm,
    TransferForm,
    UpdateLineForm,
)
from prima.tickets.forms.inbox import BulkActionForm, InboxFilterForm
from prima.tickets.forms.intake import IntakeForm

__all__ = [
    "AssignForm",
    "BookAppointmentForm",
    "BulkActionForm",
    "CancelAppointmentForm",
    "CategoryForm",
    "CollaboratorsForm",
    "InboxFilterForm",
    "IntakeForm",
    "MergeForm",
    "OrderLineForm",
    "PriorityForm",
    "PromisedDateForm",
    "ReplyForm",
    "StatusForm",
    "TagsForm",
    "TransferForm",
    "UpdateLineForm",
]
