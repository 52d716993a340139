"""Forms validate input only; the service functions make the change."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.customers.contacts import normalize_contact
from prima.customers.models import ConsentChannel, ConsentPurpose, ContactKind, CustomerKind, Segment


class IdsChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of rows by id that refuses ids no database column can hold before querying.

    SQLite raises OverflowError for ``pk__in=[10**30]``; that must be a form error, not a server error.
    """

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                number = None
            if number is None or not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]


class CustomerForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CustomerKind.choices, initial=CustomerKind.PERSON)
    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    city = forms.CharField(label=_("City / regency"), max_length=100, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    units = IdsChoiceField(
        label=_("Served by units"),
        queryset=ServiceUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one service unit that serves this customer.")},
    )
    segments = IdsChoiceField(
        label=_("Segments"),
        queryset=Segment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, units: QuerySet[ServiceUnit], segments: QuerySet[Segment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        self.fields["segments"].queryset = segments  # type: ignore[attr-defined]


class NewCustomerForm(CustomerForm):
    """Creating a customer usually starts with one way to reach them."""

    contact_kind = forms.ChoiceField(
        label=_("Contact kind"), choices=ContactKind.choices, initial=ContactKind.WHATSAPP, required=False
    )
    contact_value = forms.CharField(label=_("Phone, WhatsApp or e-mail"), max_length=254, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw = (cleaned.get("contact_value") or "").strip()
        if raw:
            try:
                cleaned["contact_value"] = normalize_contact(cleaned.get("contact_kind") or "", raw)
            except forms.ValidationError as error:
                self.add_error("contact_value", error)
        return cleaned


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    value = forms.CharField(label=_("Phone, WhatsApp or e-mail"), max_length=254)
    label = forms.CharField(label=_("Label (e.g. office, home)"), max_length=60, required=False)
    is_primary = forms.BooleanField(label=_("Primary contact"), required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "kind" in cleaned and "value" in cleaned:
            try:
                cleaned["value"] = normalize_contact(cleaned["kind"], cleaned["value"])
            except forms.ValidationError as error:
                self.add_error("value", error)
        return cleaned


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    channel = forms.ChoiceField(label=_("How consent was given"), choices=ConsentChannel.choices)


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CustomerSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name, phone or e-mail"), required=False, max_length=100)
    segment = forms.ModelChoiceField(
        label=_("Segment"), queryset=Segment.objects.none(), required=False, empty_label=_("All segments")
    )

    def __init__(self, *args: Any, segments: QuerySet[Segment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].queryset = segments  # type: ignore[attr-defined]
