"""Forms for the staff survey pages: they check types and sizes; the rules live in the services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit
from prima.standards.i18n import localized
from prima.standards.models import Service
from prima.surveys.models import Item
from prima.surveys.reports.periods import preset, preset_choices

MAX_NAME_LENGTH = 200
MAX_TEXT_LENGTH = 1000
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return "— " * max(obj.depth, 0) + obj.name


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.unit.name})"


class SurveyCreateForm(forms.Form):
    template = forms.ChoiceField(label=_("Instrument"))
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME_LENGTH)
    unit = UnitChoiceField(
        label=_("Service unit"),
        queryset=ServiceUnit.objects.none(),
        required=False,
        empty_label=_("The whole organisation"),
    )
    service = ServiceChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False, empty_label=_("All services")
    )

    def __init__(
        self,
        *args: Any,
        templates: list[tuple[str, str]],
        units: QuerySet[ServiceUnit],
        services: QuerySet[Service],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = templates  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unit, service = cleaned.get("unit"), cleaned.get("service")
        if service is not None and unit is not None and service.unit_id != unit.pk:
            self.add_error("service", _("Choose a service of the chosen unit."))
        return cleaned


class InstrumentForm(forms.Form):
    """Weights and texts of the current items, and one optional extra unsur. Saving makes a new version."""

    new_code = forms.RegexField(
        label=_("Code of an extra element"),
        regex=r"^[A-Za-z][A-Za-z0-9_]{0,19}$",
        required=False,
        help_text=_("E.g. U10. Leave empty to add none."),
        error_messages={"invalid": _("Use letters, digits and _ only, starting with a letter (at most 20).")},
    )
    new_name_id = forms.CharField(label=_("Name of the extra element (Indonesian)"), max_length=200, required=False)
    new_text_id = forms.CharField(
        label=_("Question (Indonesian)"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_text_en = forms.CharField(
        label=_("Question (English)"),
        max_length=MAX_TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_weight = forms.DecimalField(
        label=_("Weight of the extra element"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(1),
        decimal_places=10,
    )

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"text_id_{item.code}"] = forms.CharField(
                label=_("Question (Indonesian)"),
                max_length=MAX_TEXT_LENGTH,
                initial=item.text.get("id", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"text_en_{item.code}"] = forms.CharField(
                label=_("Question (English)"),
                max_length=MAX_TEXT_LENGTH,
                required=False,
                initial=item.text.get("en", ""),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if item.is_unsur:
                self.fields[f"weight_{item.code}"] = forms.DecimalField(
                    label=_("Weight"),
                    required=False,
                    min_value=Decimal(0),
                    max_value=Decimal(1),
                    decimal_places=10,
                    initial=item.weight,
                )

    def rows(self) -> list[dict[str, Any]]:
        """The fields per item, for the template."""
        return [
            {
                "item": item,
                "name": localized(item.name) or item.code,
                "text_id": self[f"text_id_{item.code}"],
                "text_en": self[f"text_en_{item.code}"],
                "weight": self[f"weight_{item.code}"] if item.is_unsur else None,
            }
            for item in self.items
        ]

    def clean_new_code(self) -> str:
        return (self.cleaned_data.get("new_code") or "").strip().upper()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("new_code"):
            if any(item.code.upper() == cleaned["new_code"] for item in self.items):
                self.add_error("new_code", _("An item with this code exists already."))
            for field in ("new_name_id", "new_text_id"):
                if not cleaned.get(field):
                    self.add_error(field, _("Required for the extra element."))
        return cleaned

    def texts(self) -> dict[str, dict[str, str]]:
        return {
            item.code: {
                language: self.cleaned_data[f"text_{language}_{item.code}"].strip()
                for language in ("id", "en")
                if self.cleaned_data.get(f"text_{language}_{item.code}", "").strip()
            }
            for item in self.items
        }

    def extra(self) -> dict[str, Any] | None:
        if not self.cleaned_data.get("new_code"):
            return None
        return {
            "code": self.cleaned_data["new_code"],
            "name": {"id": self.cleaned_data["new_name_id"].strip()},
            "text": {
                language: self.cleaned_data[f"new_text_{language}"].strip()
                for language in ("id", "en")
                if self.cleaned_data.get(f"new_text_{language}", "").strip()
            },
        }

    def weights(self) -> dict[str, Decimal | None]:
        weights: dict[str, Decimal | None] = {
            item.code: self.cleaned_data.get(f"weight_{item.code}") for item in self.items if item.is_unsur
        }
        if self.cleaned_data.get("new_code"):
            weights[self.cleaned_data["new_code"]] = self.cleaned_data.get("new_weight")
        return weights


class SurveySettingsForm(forms.Form):
    population_size = forms.IntegerField(
        label=_("Population size"),
        required=False,
        min_value=1,
        max_value=100_000_000,
        help_text=_("Service users in the period, for the sample check against Krejcie and Morgan."),
    )
    period_start = forms.DateField(
        label=_("Period start"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(label=_("Period end"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Completed CSV or XLSX file"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError(_("Upload a .csv or .xlsx file."), code="file_type")
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than 5 MB."), code="file_size")
        return upload


class ResultsFilterForm(forms.Form):
    """Unit (within the user's scope), service and period: a semester/year preset or a date range."""

    unit = UnitChoiceField(
        label=_("Service unit"), queryset=ServiceUnit.objects.none(), required=False, empty_label=_("All units")
    )
    service = ServiceChoiceField(
        label=_("Service"), queryset=Service.objects.none(), required=False, empty_label=_("All services")
    )
    period = forms.ChoiceField(label=_("Period"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(
        self, *args: Any, units: QuerySet[ServiceUnit], services: QuerySet[Service], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        periods = [("", _("All time or the dates below")), *preset_choices(today)]
        self.fields["period"].choices = periods  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned

    def dates(self) -> tuple[date | None, date | None]:
        """The chosen period as inclusive local dates (a preset wins over typed dates)."""
        chosen = preset(self.cleaned_data.get("period") or "")
        if chosen is not None:
            return chosen.first, chosen.last
        return self.cleaned_data.get("start"), self.cleaned_data.get("end")
