"""Forms for the standards pages: they check types and sizes; the rules live in ``services``."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.standards.components import MAX_AMOUNT, MAX_DURATION_VALUE, DurationUnit
from prima.standards.i18n import I18nText, i18n_text
from prima.standards.models import StandardComponent
from prima.standards.validation import (
    MAX_CHANGE_NOTE_LENGTH,
    MAX_CHARTER_LENGTH,
    MAX_COMPONENT_TEXT_LENGTH,
    MAX_DESCRIPTION_LENGTH,
    MAX_NAME_LENGTH,
    MAX_SIGNATORY_LENGTH,
    ComponentInput,
)

_GROUPED_RUPIAH = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
_PLAIN_RUPIAH = re.compile(r"^[0-9]{1,16}$")


class RupiahField(forms.Field):
    """Whole rupiah as people type them: "25000", "25.000", "Rp 25.000", "Rp25.000,00". Cleans to an int."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 40})

    def to_python(self, value: Any) -> int | None:
        text = value.strip().lower() if isinstance(value, str) else ""
        text = re.sub(r"^rp\.?", "", text).replace(" ", "")
        if text.endswith(",00"):
            text = text[:-3]
        if not text:
            return None
        if len(text) > 40 or not (_PLAIN_RUPIAH.match(text) or _GROUPED_RUPIAH.match(text)):
            raise ValidationError(
                _("Enter the amount in whole rupiah, e.g. 25.000 (0 if free of charge)."), code="invalid_amount"
            )
        amount = int(text.replace(".", ""))
        if amount > MAX_AMOUNT:
            raise ValidationError(_("This amount is too large."), code="amount_out_of_range")
        return amount

    def validate(self, value: Any) -> None:
        if value is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class BilingualFieldsMixin:
    """Pairs of ``<name>_id``/``<name>_en`` fields read back as one bilingual value."""

    cleaned_data: dict[str, Any]

    def bilingual(self, name: str) -> I18nText:
        return i18n_text(id=self.cleaned_data.get(f"{name}_id", ""), en=self.cleaned_data.get(f"{name}_en", ""))


class ServiceForm(BilingualFieldsMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Service unit"), queryset=ServiceUnit.objects.none())
    code = forms.SlugField(
        label=_("Code"), max_length=40, help_text=_("Short identifier, e.g. izin-usaha-mikro. It cannot change later.")
    )
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=MAX_NAME_LENGTH)
    name_en = forms.CharField(label=_("Name (English)"), max_length=MAX_NAME_LENGTH, required=False)
    description_id = forms.CharField(
        label=_("Description (Indonesian)"), max_length=MAX_DESCRIPTION_LENGTH, required=False, widget=_textarea()
    )
    description_en = forms.CharField(
        label=_("Description (English)"), max_length=MAX_DESCRIPTION_LENGTH, required=False, widget=_textarea()
    )

    def __init__(self, *args: Any, units: QuerySet[ServiceUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ServiceEditForm(ServiceForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, units=ServiceUnit.objects.none(), **kwargs)
        del self.fields["unit"], self.fields["code"]


class ComponentForm(BilingualFieldsMixin, forms.Form):
    """One component in the draft editor; its prefix is the component code."""

    text_id = forms.CharField(
        label=_("Indonesian"), max_length=MAX_COMPONENT_TEXT_LENGTH, required=False, widget=_textarea(4)
    )
    text_en = forms.CharField(
        label=_("English"), max_length=MAX_COMPONENT_TEXT_LENGTH, required=False, widget=_textarea(4)
    )

    def __init__(self, *args: Any, component: StandardComponent, **kwargs: Any) -> None:
        self.component = component
        initial = {
            "text_id": component.text.get("id", ""),
            "text_en": component.text.get("en", ""),
            "amount": component.amount,
            "duration_value": component.duration_value,
            "duration_unit": component.duration_unit,
        }
        kwargs.update(prefix=component.code, initial=initial)
        super().__init__(*args, **kwargs)
        if component.is_fee:
            self.fields["amount"] = RupiahField(
                label=_("Amount (rupiah)"),
                required=False,
                help_text=_("Whole rupiah; 0 means free of charge (tidak dipungut biaya)."),
            )
        if component.is_time_limit:
            self.fields["duration_value"] = forms.IntegerField(
                label=_("Time limit"), min_value=1, max_value=MAX_DURATION_VALUE, required=False
            )
            self.fields["duration_unit"] = forms.ChoiceField(
                label=_("Counted in"), choices=[("", "—"), *DurationUnit.choices], required=False
            )

    def component_input(self) -> ComponentInput:
        data = self.cleaned_data
        return ComponentInput(
            text=self.bilingual("text"),
            amount=data.get("amount"),
            duration_value=data.get("duration_value"),
            duration_unit=data.get("duration_unit", ""),
        )


class ChangeNoteForm(forms.Form):
    change_note = forms.CharField(
        label=_("What changed in this version"),
        max_length=MAX_CHANGE_NOTE_LENGTH,
        required=False,
        widget=_textarea(2),
        help_text=_("For the version history, e.g. “Fee lowered after the public consultation forum”."),
    )


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Effective from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        help_text=_("The date in the decree (SK); leave empty for today."),
    )


DEFAULT_CHARTER_TEXT = i18n_text(
    id=(
        "Dengan ini, kami menyatakan sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah "
        "ditetapkan dan apabila tidak menepati janji ini, kami siap menerima sanksi sesuai peraturan "
        "perundang-undangan yang berlaku."
    ),
    en=(
        "We hereby declare that we are able to deliver our services according to the service standards we have "
        "set, and that if we do not keep this promise we are ready to accept sanctions under the applicable laws "
        "and regulations."
    ),
)


class CharterForm(BilingualFieldsMixin, forms.Form):
    text_id = forms.CharField(label=_("Charter (Indonesian)"), max_length=MAX_CHARTER_LENGTH, widget=_textarea(5))
    text_en = forms.CharField(
        label=_("Charter (English)"), max_length=MAX_CHARTER_LENGTH, required=False, widget=_textarea(5)
    )
    signatory = forms.CharField(
        label=_("Signed by"),
        max_length=MAX_SIGNATORY_LENGTH,
        required=False,
        help_text=_("Name and position, as printed under the charter."),
    )
