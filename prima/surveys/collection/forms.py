"""Staff forms for campaigns: validation only; ``prima.surveys.collection.services`` makes the change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prima.surveys.models import Survey


class CampaignForm(forms.Form):
    survey = forms.ModelChoiceField(
        label=_("Survey"), queryset=Survey.objects.none(), error_messages={"required": _("Choose a survey.")}
    )
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. “SKM semester I 2025”."))
    period_start = forms.DateField(label=_("Period start"), widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label=_("Period end"), widget=forms.DateInput(attrs={"type": "date"}))
    population_size = forms.IntegerField(
        label=_("Population size"),
        min_value=1,
        max_value=100_000_000,
        help_text=_("How many people used the services in the period."),
    )
    target_sample = forms.IntegerField(
        label=_("Target sample"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for the Krejcie-Morgan sample size of the population."),
    )
    reminder_after_days = forms.IntegerField(label=_("Remind after (days)"), min_value=1, max_value=90, initial=7)
    max_reminders = forms.IntegerField(label=_("Reminders at most"), min_value=0, max_value=5, initial=2)

    def __init__(self, *args: Any, surveys: QuerySet[Survey], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        population, target = cleaned.get("population_size"), cleaned.get("target_sample")
        if population and target and target > population:
            self.add_error("target_sample", _("The target sample must be between 1 and the population."))
        return cleaned
