"""Staff logging a request that came by phone, at the counter, by letter, in the suggestion box or on a comment
card. The form checks types and lengths; ``submit_request`` decides what is required for which kind."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.standards.models import Service
from prima.tickets.choices import Channel, Confidentiality, Priority, RequestKind
from prima.tickets.forms.fields import DateField, LocalDateTimeField, ModelIdField
from prima.tickets.services.details import MAX_QUANTITY, allowed_fields

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STAFF_CHANNELS = [Channel.PHONE, Channel.WALK_IN, Channel.LETTER, Channel.SUGGESTION_BOX, Channel.COMMENT_CARD]
ORDER_LINE_ROWS = 5
LINE_FIELDS = ("item", "quantity", "unit_of_measure", "quantity_in_stock")
# Form field → key of ``submit_request``'s ``details`` (where the names differ).
DETAIL_KEYS = {"order_notes": "notes"}
DETAIL_FIELDS = (
    "letter_number",
    "letter_date",
    "sender",
    "due_date",
    "incident_date",
    "incident_place",
    "remedy_requested",
    "place",
    "starts_at",
    "ends_at",
    "promised_date",
    "order_notes",
)


def quantity_field(label: StrOrPromise, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=MAX_QUANTITY,
        max_digits=12,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class ServiceChoiceField(ModelIdField):
    """A service of the catalogue, shown with its unit (the choice lists the services of every unit served)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.unit.name} · {obj.display_name}"


class IntakeForm(forms.Form):
    unit = ModelIdField(label=_("Service unit"), queryset=None, empty_label=None)
    service = ServiceChoiceField(
        label=_("Service"),
        queryset=None,
        required=False,
        empty_label=_("(no particular service)"),
        help_text=_("The service of the chosen unit the request is about."),
    )
    channel = forms.ChoiceField(
        label=_("Received by"), choices=[(c.value, c.label) for c in STAFF_CHANNELS], initial=Channel.WALK_IN
    )
    kind = forms.ChoiceField(label=_("Kind of request"), choices=RequestKind.choices, initial=RequestKind.INFORMATION)
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 5}))

    confidentiality = forms.ChoiceField(
        label=_("Identity"),
        choices=Confidentiality.choices,
        initial=Confidentiality.NORMAL,
        widget=forms.RadioSelect,
        help_text=_("Confidential: only the owner and managers see who asked. Anonymous: nothing is kept."),
    )
    requester_name = forms.CharField(label=_("Requester's name"), max_length=150, required=False)
    requester_email = forms.CharField(
        label=_("E-mail address"), max_length=254, required=False, widget=forms.EmailInput
    )
    requester_phone = forms.CharField(
        label=_("Phone or WhatsApp"), max_length=32, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    language = forms.ChoiceField(label=_("Answer in"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE)

    letter_number = forms.CharField(label=_("Letter number"), max_length=100, required=False)
    letter_date = DateField(label=_("Letter date"), required=False)
    sender = forms.CharField(label=_("Sender"), max_length=200, required=False)
    due_date = DateField(label=_("Reply due by"), required=False)

    incident_date = DateField(label=_("Date of the incident"), required=False)
    incident_place = forms.CharField(label=_("Place of the incident"), max_length=200, required=False)
    remedy_requested = forms.CharField(
        label=_("Remedy requested"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    place = forms.CharField(label=_("Place"), max_length=100, required=False)
    starts_at = LocalDateTimeField(label=_("Starts at"), required=False)
    ends_at = LocalDateTimeField(label=_("Ends at"), required=False)

    promised_date = DateField(label=_("Promised date"), required=False)
    order_notes = forms.CharField(
        label=_("Order notes"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    submission_key = forms.CharField(max_length=100, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, units: QuerySet[ServiceUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        # Every active service of the units offered; ``submit_request`` checks it belongs to the chosen unit.
        self.fields["service"].queryset = (  # type: ignore[attr-defined]
            Service.objects.filter(unit__in=units, is_active=True).select_related("unit").order_by("unit__path", "code")
        )
        for row in range(ORDER_LINE_ROWS):
            self.fields[f"line_{row}_item"] = forms.CharField(label=_("Item"), max_length=200, required=False)
            self.fields[f"line_{row}_quantity"] = quantity_field(_("Quantity"))
            self.fields[f"line_{row}_unit_of_measure"] = forms.CharField(
                label=_("Unit of measure"), max_length=30, required=False
            )
            self.fields[f"line_{row}_quantity_in_stock"] = quantity_field(_("In stock"))
        if not self.is_bound:
            # Sent back with the form: a second click or a resent POST then returns the request already made.
            self.initial.setdefault("submission_key", uuid.uuid4().hex)

    def renew_submission_key(self) -> None:
        """After the key was refused (the form was sent back and changed after it succeeded), give the form a
        fresh key, so sending it again records the changed request as a new one."""
        if self.is_bound and self.has_error("submission_key"):
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data["submission_key"] = uuid.uuid4().hex
            self.data = data

    @property
    def line_rows(self) -> list[list[forms.BoundField]]:
        return [[self[f"line_{row}_{name}"] for name in LINE_FIELDS] for row in range(ORDER_LINE_ROWS)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in range(ORDER_LINE_ROWS):
            values = {name: cleaned.get(f"line_{row}_{name}") for name in LINE_FIELDS}
            if not any(value not in (None, "") for value in values.values()):
                continue
            if not values["item"] and f"line_{row}_item" not in self.errors:
                self.add_error(f"line_{row}_item", _("Name the item."))
            if f"line_{row}_quantity" in self.errors:
                continue
            if values["quantity"] is None:
                self.add_error(f"line_{row}_quantity", _("Enter the quantity ordered."))
            elif values["quantity"] == 0:
                self.add_error(f"line_{row}_quantity", _("Enter a number above zero."))
        return cleaned

    def order_lines(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        lines = []
        for row in range(ORDER_LINE_ROWS):
            values = {name: data.get(f"line_{row}_{name}") for name in LINE_FIELDS}
            if values["item"]:
                lines.append({**values, "quantity_in_stock": values["quantity_in_stock"] or 0})
        return lines

    def details(self) -> dict[str, Any]:
        """The kind-specific fields ``submit_request`` accepts for the chosen kind and channel, left-out ones
        dropped (a walk-in complaint form also carries the empty letter fields the page hid)."""
        data = self.cleaned_data
        allowed = allowed_fields(data["kind"], data["channel"])
        details = {
            DETAIL_KEYS.get(name, name): data[name]
            for name in DETAIL_FIELDS
            if data.get(name) not in (None, "") and DETAIL_KEYS.get(name, name) in allowed
        }
        if "lines" in allowed and (lines := self.order_lines()):
            details["lines"] = lines
        return details

    def submission(self) -> dict[str, Any]:
        """Keyword arguments for ``submit_request`` (besides the unit and the actor)."""
        data = self.cleaned_data
        names = ("kind", "channel", "priority", "subject", "description", "confidentiality", "language")
        identity = ("requester_name", "requester_email", "requester_phone")
        return {
            **{name: data[name] for name in names},
            **{name: data[name] for name in identity},
            "submission_key": data["submission_key"] or None,
            "service": data.get("service"),
            "details": self.details(),
        }
