"""The public forms. They validate input only; ``prima.tickets.public.submission`` and the ticket services make
the change. Messages are written to the person filling in the form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundWidget
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.core.forms import apply_service_errors
from prima.customers.contacts import normalize_contact
from prima.customers.models import ContactKind
from prima.standards.models import Service
from prima.tickets.choices import Confidentiality, RequestKind
from prima.tickets.dates import unit_today
from prima.tickets.public.keys import new_submission_key, submission_key_for
from prima.tickets.public.presentation import CONFIDENTIALITY_HINTS, KIND_HINTS, PUBLIC_KINDS
from prima.tickets.public.queries import service_taking_requests
from prima.tickets.tracking import normalize_tracking_code

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_MESSAGE_LENGTH = 10_000
IDENTITY_FIELDS = ("requester_name", "requester_email", "requester_phone", "consent")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    RequestKind.COMPLAINT: ("incident_date", "incident_place", "remedy_requested"),
    RequestKind.APPOINTMENT: ("preferred_date", "preferred_time"),
}
REUSED = _("This form was already sent with other text. Send it again to make it a new request.")
UNKNOWN_SERVICE = _("This service is not offered here. Open the form again from the unit's page.")
TAMPERED = _("This form was changed or is incomplete. Check your entries and send it again.")


def _text(label: StrOrPromise, *, max_length: int, required: bool = False, **extra: Any) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required, **extra)


class PublicRequestForm(forms.Form):
    """A request from the public to one unit (``unit``); see ``prima.tickets.public.submission``."""

    kind = forms.ChoiceField(
        label=_("What would you like to send?"),
        choices=[(kind, RequestKind(kind).label) for kind in PUBLIC_KINDS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you would like to send.")},
    )
    subject = _text(
        _("Subject"), max_length=200, required=True, error_messages={"required": _("Give the request a subject.")}
    )
    description = _text(
        _("Your message"),
        max_length=MAX_MESSAGE_LENGTH,
        required=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe the request.")},
    )
    incident_date = forms.DateField(
        label=_("When did it happen?"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    incident_place = _text(_("Where did it happen?"), max_length=200)
    remedy_requested = _text(
        _("What would you like us to do about it?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    preferred_date = forms.DateField(
        label=_("Preferred date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    preferred_time = forms.TimeField(
        label=_("Preferred time"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    confidentiality = forms.ChoiceField(
        label=_("Who may see your name?"),
        choices=Confidentiality.choices,
        initial=Confidentiality.NORMAL,
        widget=forms.RadioSelect,
    )
    requester_name = _text(_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    requester_email = _text(
        _("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )
    requester_phone = _text(
        _("Phone or WhatsApp number"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("An Indonesian number, e.g. 0812-3456-7890."),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and contact details are used to answer and follow up this request "
            "(UU No. 27/2022 on personal data protection)."
        ),
        required=False,
    )
    # A trap for bots: hidden from people (CSS and aria-hidden), filled in by form-stuffing scripts.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=200, error_messages={"required": TAMPERED})
    # The service of the unit's catalogue the request is about, when the page was opened for one (?service=).
    service = forms.IntegerField(widget=forms.HiddenInput, required=False, error_messages={"invalid": UNKNOWN_SERVICE})

    def __init__(self, *args: Any, unit: ServiceUnit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self._fresh_key_needed = False

    def clean_submission_key(self) -> str:
        key = submission_key_for(self.cleaned_data["submission_key"], self.unit.pk)
        if key is None:
            raise ValidationError(TAMPERED, code="tampered")
        return key

    def clean_service(self) -> Service | None:
        service_id = self.cleaned_data.get("service")
        if service_id is None:
            return None
        service = service_taking_requests(self.unit, service_id)
        if service is None:
            raise ValidationError(UNKNOWN_SERVICE, code="invalid_choice")
        return service

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise ValidationError(_("The form could not be sent. Leave the last field empty."), code="honeypot")
        kind = cleaned.get("kind")
        for other_kind, names in KIND_FIELDS.items():
            if other_kind != kind:
                self._ignore(cleaned, names)
        if kind == RequestKind.COMPLAINT:
            self._check_incident_date(cleaned)
        if kind == RequestKind.APPOINTMENT:
            self._check_preferred_date(cleaned)
        if cleaned.get("confidentiality") == Confidentiality.ANONYMOUS:
            self._ignore(cleaned, IDENTITY_FIELDS)  # never stored, so never checked either
        elif "confidentiality" in cleaned:
            self._check_identity(cleaned)
        return cleaned

    def _ignore(self, cleaned: dict[str, Any], names: tuple[str, ...]) -> None:
        for name in names:
            self.errors.pop(name, None)
            cleaned[name] = self.fields[name].to_python(None) if name != "consent" else False

    def _check_incident_date(self, cleaned: dict[str, Any]) -> None:
        incident_date = cleaned.get("incident_date")
        if incident_date is not None and incident_date > unit_today(self.unit):
            self.add_error("incident_date", ValidationError(_("The incident cannot be in the future."), code="future"))

    def _check_preferred_date(self, cleaned: dict[str, Any]) -> None:
        preferred = cleaned.get("preferred_date")
        if preferred is None and not self.has_error("preferred_date"):
            self.add_error(
                "preferred_date", ValidationError(_("Choose the day you would like to come."), code="required")
            )
        elif preferred is not None and preferred < unit_today(self.unit):
            self.add_error("preferred_date", ValidationError(_("Choose a day from today on."), code="past"))

    def _check_identity(self, cleaned: dict[str, Any]) -> None:
        if not (cleaned.get("requester_name") or "").strip() and not self.has_error("requester_name"):
            self.add_error(
                "requester_name", ValidationError(_("Enter your name, or choose to stay anonymous."), code="required")
            )
        for name, contact_kind in (("requester_email", ContactKind.EMAIL), ("requester_phone", ContactKind.PHONE)):
            raw = (cleaned.get(name) or "").strip()
            if raw:
                try:
                    cleaned[name] = normalize_contact(contact_kind, raw)
                except ValidationError as error:
                    self.add_error(name, error)
        contact_errors = self.has_error("requester_email") or self.has_error("requester_phone")
        has_contact = bool(cleaned.get("requester_email") or cleaned.get("requester_phone"))
        if not has_contact and not contact_errors:
            self.add_error(
                "requester_email",
                ValidationError(
                    _("Give an e-mail address or a phone number so we can answer."), code="contact_required"
                ),
            )
        if has_contact and not cleaned.get("consent"):
            self.add_error(
                "consent",
                ValidationError(
                    _("Tick this box so we may use your contact details to answer you, or choose to stay anonymous."),
                    code="required",
                ),
            )

    def apply_service_error(self, error: ValidationError) -> None:
        """Show what ``submit_request`` refused on the form. A key already used for a different request (the
        page sent again after its text was changed) gets a fresh key, so sending once more makes a new request."""
        fields = dict(error.error_dict) if hasattr(error, "error_dict") else None
        if fields is not None and fields.pop("submission_key", None) is not None:
            self._fresh_key_needed = True
            self.add_error(None, ValidationError(REUSED, code="reused"))
            if not fields:
                return
            error = ValidationError(fields)
        apply_service_errors(self, error)

    @property
    def key_for_page(self) -> str:
        """The signed key the page carries: the one sent (so fixing an error and resending stays idempotent)
        unless it was missing, altered or already used, else a fresh one."""
        if self.is_bound and not self._fresh_key_needed and not self.has_error("submission_key"):
            return str(self.data.get("submission_key", ""))
        return new_submission_key(self.unit.pk)

    @property
    def kind_options(self) -> list[tuple[BoundWidget, Promise]]:
        return [(radio, KIND_HINTS[radio.data["value"]]) for radio in self["kind"]]

    @property
    def confidentiality_options(self) -> list[tuple[BoundWidget, Promise]]:
        return [(radio, CONFIDENTIALITY_HINTS[radio.data["value"]]) for radio in self["confidentiality"]]


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "PRM-XXXX-XXXX-XXXX",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalize_tracking_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(_("This is not a tracking code. It looks like PRM-7KQ2-M9XD-4HTR."), code="invalid")
        return code


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message.")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still not settled?"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tell us what is still not settled.")},
    )


class ConfirmForm(forms.Form):
    """No fields: it carries the service's refusal (e.g. the request is no longer resolved) to the page."""
