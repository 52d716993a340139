"""The forms on a request's page, one per action. Each has its own prefix, so the page can show them all and
re-show the one that failed with its errors. Choices are scoped to the request (its unit's staff, its
organisation's units and tags), so an id from elsewhere is refused as an invalid choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.tickets.choices import Priority, Status, Visibility
from prima.tickets.forms.fields import DateField, LocalDateTimeField, ModelIdField, ModelIdsField, MultipleFileField
from prima.tickets.forms.intake import quantity_field
from prima.tickets.models import Ticket
from prima.tickets.staff_queries import (
    active_categories,
    organisation_staff,
    organisation_tags,
    staff_of_units,
    transfer_targets,
    visible_ticket_by_code,
)
from prima.tickets.workflow import TRANSITIONS

REASON_WIDGET = forms.Textarea(attrs={"rows": 2})


class ReplyForm(forms.Form):
    prefix = "reply"

    visibility = forms.ChoiceField(
        label=_("Send as"), choices=Visibility.choices, initial=Visibility.PUBLIC, widget=forms.RadioSelect
    )
    body = forms.CharField(label=_("Message"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 5}))
    attachments = MultipleFileField(label=_("Files"), required=False)


class AssignForm(forms.Form):
    prefix = "assign"

    owner = ModelIdField(label=_("Owner"), queryset=None, required=False, empty_label=_("Nobody (unassign)"))
    reason = forms.CharField(label=_("Note (optional)"), max_length=1000, required=False)

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_of_units([ticket.unit_id])  # type: ignore[attr-defined]
        self.initial.setdefault("owner", ticket.owner_id)


class CollaboratorsForm(forms.Form):
    prefix = "collaborators"

    collaborators = ModelIdsField(label=_("Collaborators to add"), queryset=None)

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["collaborators"].queryset = organisation_staff(ticket.organisation_id)  # type: ignore[attr-defined]


class TransferForm(forms.Form):
    prefix = "transfer"

    to_unit = ModelIdField(label=_("Transfer to"), queryset=None, empty_label=_("Choose a unit"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=REASON_WIDGET,
        error_messages={"required": _("Say why the request goes to another unit.")},
    )

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = transfer_targets(ticket)  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    prefix = "status"

    to_status = forms.ChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False, widget=REASON_WIDGET)

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS.get(ticket.status, frozenset())
        self.fields["to_status"].choices = [c for c in Status.choices if c[0] in allowed]  # type: ignore[attr-defined]


class PriorityForm(forms.Form):
    prefix = "priority"

    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices)

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("priority", ticket.priority)


class CategoryForm(forms.Form):
    prefix = "category"

    category = ModelIdField(label=_("Category"), queryset=None, required=False, empty_label=_("None"))

    def __init__(self, *args: Any, ticket: Ticket, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories([ticket.unit_id])  # type: ignore[attr-defined]
        self.initial.setdefault("category", ticket.category_id)


class TagsForm(forms.Form):
    prefix = "tags"

    tags = ModelIdsField(label=_("Tags"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, ticket: Ticket, tags: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tags"].queryset = organisation_tags(ticket.organisation_id)  # type: ignore[attr-defined]
        if tags is not None:
            self.initial.setdefault("tags", [tag.pk for tag in tags])


class MergeForm(forms.Form):
    prefix = "merge"

    into = forms.CharField(
        label=_("Tracking code of the request to keep"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "PRM-XXXX-XXXX-XXXX", "autocapitalize": "characters"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_into(self) -> Ticket:
        target = visible_ticket_by_code(self.user, self.cleaned_data["into"])
        if target is None:
            raise forms.ValidationError(_("No request you can see has this tracking code."), code="not_found")
        return target


class CancelAppointmentForm(forms.Form):
    prefix = "cancel"

    reason = forms.CharField(label=_("Reason for cancelling"), max_length=2000, required=False)


class BookAppointmentForm(forms.Form):
    prefix = "book"

    place = forms.CharField(label=_("Place"), max_length=100)
    starts_at = LocalDateTimeField(label=_("Starts at"))
    ends_at = LocalDateTimeField(label=_("Ends at"))


class OrderLineForm(forms.Form):
    prefix = "line"

    item = forms.CharField(label=_("Item"), max_length=200)
    quantity = quantity_field(_("Quantity"), required=True)
    unit_of_measure = forms.CharField(label=_("Unit of measure"), max_length=30, required=False)
    quantity_in_stock = quantity_field(_("In stock"))


class UpdateLineForm(forms.Form):
    quantity_in_stock = quantity_field(_("In stock"))
    quantity_delivered = quantity_field(_("Delivered"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("quantity_in_stock") is None and cleaned.get("quantity_delivered") is None and not self.errors:
            raise forms.ValidationError(_("Enter the stock, the quantity delivered, or both."), code="required")
        return cleaned


class PromisedDateForm(forms.Form):
    prefix = "promise"

    promised_date = DateField(label=_("New promised date"))
    reason = forms.CharField(
        label=_("Reason (the customer is told)"),
        max_length=2000,
        widget=REASON_WIDGET,
        error_messages={"required": _("Say why the promised date changes.")},
    )
