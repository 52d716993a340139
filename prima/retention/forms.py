"""Forms of the retention pages: validation only; the services do the work."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit, User
from prima.customers.models import Segment
from prima.retention.models import (
    Granularity,
    InterviewChannel,
    LossReason,
    RetentionSettings,
    RetentionStatus,
    WinBackOutcome,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnitChoiceField(forms.ModelChoiceField[ServiceUnit]):
    def label_from_instance(self, obj: ServiceUnit) -> str:
        return "— " * max(obj.depth, 0) + obj.name


class ReasonChoiceField(forms.ModelChoiceField[LossReason]):
    def label_from_instance(self, obj: LossReason) -> str:
        return str(obj)


class FilterForm(forms.Form):
    unit = UnitChoiceField(
        queryset=ServiceUnit.objects.none(), required=False, label=_("Unit"), empty_label=_("All my units")
    )
    segment = forms.ModelChoiceField(
        queryset=Segment.objects.none(), required=False, label=_("Segment"), empty_label=_("All segments")
    )
    granularity = forms.ChoiceField(choices=Granularity.choices, required=False, label=_("Period"))

    def __init__(self, *args: Any, units: QuerySet[ServiceUnit], segments: QuerySet[Segment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["segment"].queryset = segments  # type: ignore[attr-defined]


class ListFilterForm(FilterForm):
    status = forms.ChoiceField(
        choices=[
            (RetentionStatus.LOST, RetentionStatus.LOST.label),
            (RetentionStatus.AT_RISK, RetentionStatus.AT_RISK.label),
        ],
        required=False,
        label=_("Status"),
    )


def new_submission_key() -> str:
    return uuid.uuid4().hex


class InterviewForm(forms.Form):
    unit = UnitChoiceField(queryset=ServiceUnit.objects.none(), label=_("Unit the customer stopped using"))
    interviewed_on = forms.DateField(label=_("Date of the interview"), widget=DateInput())
    interviewer = forms.ModelChoiceField(queryset=User.objects.none(), label=_("Interviewer"))
    channel = forms.ChoiceField(choices=InterviewChannel.choices, label=_("Channel"))
    reason = ReasonChoiceField(queryset=LossReason.objects.none(), label=_("Main reason for leaving"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    attempt_action = forms.CharField(
        label=_("Win-back attempt (optional)"),
        required=False,
        max_length=300,
        help_text=_("What was offered or done to bring the customer back."),
    )
    attempt_outcome = forms.ChoiceField(
        choices=WinBackOutcome.choices, initial=WinBackOutcome.PENDING, label=_("Outcome of the attempt")
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[ServiceUnit],
        interviewers: QuerySet[User],
        reasons: QuerySet[LossReason],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("interviewed_on", timezone.localdate())
        kwargs["initial"].setdefault("submission_key", new_submission_key())
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["interviewer"].queryset = interviewers  # type: ignore[attr-defined]
        self.fields["reason"].queryset = reasons  # type: ignore[attr-defined]


class AttemptForm(forms.Form):
    attempted_on = forms.DateField(label=_("Date"), widget=DateInput())
    action = forms.CharField(label=_("What was offered or done"), max_length=300)
    outcome = forms.ChoiceField(choices=WinBackOutcome.choices, initial=WinBackOutcome.PENDING, label=_("Outcome"))
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("attempted_on", timezone.localdate())
        kwargs["initial"].setdefault("submission_key", new_submission_key())
        super().__init__(*args, **kwargs)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=WinBackOutcome.choices, label=_("Outcome"))


class ThresholdsForm(forms.ModelForm[RetentionSettings]):
    class Meta:
        model = RetentionSettings
        fields = ["one_off_days", "interval_factor", "minimum_days", "repeat_after", "at_risk_percent"]


class ReasonForm(forms.Form):
    name_id = forms.CharField(label=_("Reason (Indonesian)"), max_length=120)
    name_en = forms.CharField(label=_("Reason (English)"), max_length=120, required=False)
