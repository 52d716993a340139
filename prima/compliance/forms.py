"""Forms of the compliance pages: validation only. Choices are scoped to what the user may manage."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit, User
from prima.compliance.dashboard import MAX_PERIOD_DAYS, Period, Preset, preset_period
from prima.compliance.models import Checklist, ItemResult
from prima.compliance.services import MAX_NOTE_LENGTH
from prima.standards.components import COMPONENTS
from prima.standards.i18n import localized
from prima.standards.models import ServiceStandard

MAX_CUSTOM_ITEM_LINES = 100


class PeriodForm(forms.Form):
    """The dashboard's period: a month preset or custom dates (both inclusive)."""

    preset = forms.ChoiceField(label=_("Period"), choices=Preset.choices, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("preset") == Preset.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if start is None or end is None:
                raise forms.ValidationError(_("Give both dates of a custom period."), code="dates_required")
            if end < start:
                raise forms.ValidationError(_("The end date must not be before the start date."), code="reversed")
            if (end - start).days > MAX_PERIOD_DAYS:
                raise forms.ValidationError(_("Choose a period of at most three years."), code="too_long")
        return data

    def period(self, today: dt.date, zone: ZoneInfo) -> Period:
        """The chosen period (call after ``is_valid``); this month when nothing valid was chosen."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("preset") == Preset.CUSTOM:
            return Period(data["start"], data["end"] + dt.timedelta(days=1), zone)
        return preset_period(data.get("preset") or Preset.THIS_MONTH, today, zone)


def _unit_label(unit: ServiceUnit) -> str:
    return f"{'— ' * max(unit.depth, 0)}{unit.name}"


class UnitChoiceField(forms.ModelChoiceField[ServiceUnit]):
    def label_from_instance(self, obj: ServiceUnit) -> str:
        return _unit_label(obj)


class StandardChoiceField(forms.ModelChoiceField[ServiceStandard]):
    def label_from_instance(self, obj: ServiceStandard) -> str:
        return f"{localized(obj.service.name)} · v{obj.version}"


class BilingualMixin:
    cleaned_data: dict[str, Any]

    def bilingual(self, name: str) -> dict[str, str]:
        return {language: self.cleaned_data.get(f"{name}_{language}", "") for language in ("id", "en")}


class ChecklistForm(BilingualMixin, forms.Form):
    name_id = forms.CharField(label=_("Name (Indonesian)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    unit = UnitChoiceField(label=_("Unit"), queryset=ServiceUnit.objects.none())
    standard = StandardChoiceField(
        label=_("Published service standard"),
        queryset=ServiceStandard.objects.none(),
        required=False,
        help_text=_("The items below are taken from the components of this version."),
    )
    components = forms.MultipleChoiceField(
        label=_("Components to check"),
        choices=[(spec.code, spec.title["id"]) for spec in COMPONENTS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    custom_items = forms.CharField(
        label=_("Your own items"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            'One item per line; add an English text after a "|", e.g. "Loket buka tepat waktu | Desk opens on time".'
        ),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, units: QuerySet[ServiceUnit], standards: QuerySet[ServiceStandard], **kwargs: Any):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_key", uuid.uuid4().hex)
        kwargs["initial"].setdefault("components", [spec.code for spec in COMPONENTS])
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["standard"].queryset = standards  # type: ignore[attr-defined]
        self.fields["components"].choices = [(spec.code, localized(spec.title)) for spec in COMPONENTS]  # type: ignore[attr-defined]

    def clean_custom_items(self) -> list[dict[str, str]]:
        lines = [line.strip() for line in self.cleaned_data.get("custom_items", "").splitlines() if line.strip()]
        if len(lines) > MAX_CUSTOM_ITEM_LINES:
            raise forms.ValidationError(_("Give at most 100 items."), code="too_many")
        items = []
        for line in lines:
            indonesian, _separator, english = line.partition("|")
            items.append({"id": indonesian.strip(), "en": english.strip()})
        return items

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("standard") is None:
            data["components"] = []
        return data


class ChecklistItemForm(BilingualMixin, forms.Form):
    text_id = forms.CharField(label=_("Item (Indonesian)"), max_length=500)
    text_en = forms.CharField(label=_("Item (English)"), max_length=500, required=False)


class ChecklistChoiceField(forms.ModelChoiceField[Checklist]):
    def label_from_instance(self, obj: Checklist) -> str:
        return f"{obj.display_name} · {obj.unit.name}"


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class AuditStartForm(forms.Form):
    checklist = ChecklistChoiceField(label=_("Checklist"), queryset=Checklist.objects.none())
    unit = UnitChoiceField(label=_("Unit audited"), queryset=ServiceUnit.objects.none())
    person = PersonChoiceField(
        label=_("Person audited"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty to audit the unit as a whole."),
    )
    audit_date = forms.DateField(label=_("Audit date"), widget=forms.DateInput(attrs={"type": "date"}))
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(
        self,
        *args: Any,
        checklists: QuerySet[Checklist],
        units: QuerySet[ServiceUnit],
        people: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = checklists  # type: ignore[attr-defined]
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class ItemResultForm(forms.Form):
    result = forms.ChoiceField(label=_("Result"), choices=ItemResult.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=MAX_NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("PDF, JPG, PNG, DOCX or XLSX, at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
    )
    remove_evidence = forms.BooleanField(label=_("Remove the evidence file"), required=False)
