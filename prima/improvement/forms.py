"""Forms of the improvement pages: validation only; the services decide and write."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Organisation, ServiceUnit, User
from prima.core.metrics import ScopeLevel, all_metrics
from prima.improvement.models import (
    PROGRESS_TRANSITIONS,
    ActionKind,
    ActionStatus,
    ChangeKind,
    ChangeOrigin,
    ChangeStatus,
    Objective,
    SourceKind,
)
from prima.standards.models import Service

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SCALE = [(value, str(value)) for value in range(1, 6)]


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def metric_choices_for(level: ScopeLevel, *, blank: bool = False) -> list[tuple[str, str]]:
    choices = [(metric.code, f"{metric.label} ({metric.code})") for metric in all_metrics() if level in metric.levels]
    return [("", str(_("— none —"))), *choices] if blank else choices


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def _model_choice(form: forms.Form, name: str) -> forms.ModelChoiceField[Any]:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class ObjectiveForm(forms.Form):
    scope = forms.ChoiceField(label=_("For"))
    title_id = forms.CharField(label=_("Title (Indonesian)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    goal_id = forms.CharField(label=_("Goal (Indonesian)"), max_length=4000, required=False, widget=_textarea())
    goal_en = forms.CharField(label=_("Goal (English)"), max_length=4000, required=False, widget=_textarea())
    guideline_id = forms.CharField(
        label=_("Guideline (Indonesian)"), max_length=8000, required=False, widget=_textarea(4)
    )
    guideline_en = forms.CharField(label=_("Guideline (English)"), max_length=8000, required=False, widget=_textarea(4))
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)

    def __init__(
        self,
        *args: Any,
        organisations: list[Organisation] | None = None,
        units: QuerySet[ServiceUnit] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._organisations = {organisation.pk: organisation for organisation in organisations or []}
        self._units = {unit.pk: unit for unit in units} if units is not None else {}
        if units is None and organisations is None:
            del self.fields["scope"]
            return
        choices = [
            (f"org:{pk}", _("The whole of %(name)s") % {"name": o.name}) for pk, o in self._organisations.items()
        ]
        choices += [(f"unit:{pk}", unit.name) for pk, unit in self._units.items()]
        _choice(self, "scope").choices = choices

    def scope_target(self) -> tuple[Organisation, ServiceUnit | None]:
        kind, _sep, pk = self.cleaned_data["scope"].partition(":")
        if kind == "org":
            return self._organisations[int(pk)], None
        unit = self._units[int(pk)]
        return unit.organisation, unit

    def bilingual(self, name: str) -> dict[str, str]:
        return {language: self.cleaned_data.get(f"{name}_{language}", "") for language in ("id", "en")}


def parse_benchmarks(text: str) -> list[tuple[str, Decimal]]:
    """Benchmarks typed one per line as ``label: value`` (e.g. ``Tahun lalu: 78,5``)."""
    benchmarks = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, separator, value = line.rpartition(":")
        try:
            parsed = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            parsed = None
        if not separator or not label.strip() or parsed is None or not parsed.is_finite():
            raise forms.ValidationError(
                _("Line %(number)s: write a label, a colon and a number, e.g. “Last year: 78.5”."),
                code="benchmark_format",
                params={"number": number},
            )
        benchmarks.append((label.strip(), parsed))
    return benchmarks


class TargetForm(forms.Form):
    metric_code = forms.ChoiceField(label=_("Metric"))
    target_value = forms.DecimalField(label=_("Target value"), max_digits=14, decimal_places=4)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    benchmarks = forms.CharField(
        label=_("Benchmarks"),
        required=False,
        widget=_textarea(3),
        help_text=_("One per line: a label, a colon and a value, e.g. “Last year: 78.5” or “Competitor X: 82”."),
    )

    def __init__(self, *args: Any, level: ScopeLevel | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if level is None:
            del self.fields["metric_code"]
        else:
            _choice(self, "metric_code").choices = metric_choices_for(level)

    def clean_benchmarks(self) -> list[tuple[str, Decimal]]:
        return parse_benchmarks(self.cleaned_data.get("benchmarks", ""))


class CascadeForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Units"), queryset=ServiceUnit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    target_value = forms.DecimalField(
        label=_("Target value"),
        max_digits=14,
        decimal_places=4,
        required=False,
        help_text=_("Empty: the same value as the target cascaded from."),
    )

    def __init__(self, *args: Any, units: QuerySet[ServiceUnit], people: QuerySet[User] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "units").queryset = units
        if people is None:
            del self.fields["people"]
        else:
            _model_choice(self, "people").queryset = people

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("units") and not cleaned.get("people"):
            raise forms.ValidationError(_("Choose at least one unit or person."), code="nothing_chosen")
        return cleaned


class ChangeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Service unit"), queryset=ServiceUnit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=ChangeKind.choices)
    origin = forms.ChoiceField(label=_("Internal or external"), choices=ChangeOrigin.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea(4))
    impact = forms.TypedChoiceField(label=_("Impact (1 to 5)"), choices=SCALE, coerce=int)
    likelihood = forms.TypedChoiceField(label=_("Likelihood (1 to 5)"), choices=SCALE, coerce=int)
    services = forms.ModelMultipleChoiceField(
        label=_("Services affected"), queryset=Service.objects.none(), required=False
    )
    objectives = forms.ModelMultipleChoiceField(
        label=_("Objectives that answer it"), queryset=Objective.objects.none(), required=False
    )
    identified_on = forms.DateField(label=_("Identified on"), widget=DATE, required=False)
    expected_on = forms.DateField(label=_("Takes effect on"), widget=DATE, required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[ServiceUnit],
        services: QuerySet[Service],
        objectives: QuerySet[Objective],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "unit").queryset = units
        _model_choice(self, "services").queryset = services
        _model_choice(self, "objectives").queryset = objectives


class ChangeStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ChangeStatus.choices)


class ActionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Service unit"), queryset=ServiceUnit.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea())
    root_cause = forms.CharField(label=_("Root cause"), required=False, widget=_textarea())
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices)
    source_ref = forms.CharField(
        label=_("Source reference"),
        max_length=200,
        required=False,
        help_text=_("E.g. a request's tracking code, or a survey and item code."),
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    metric_code = forms.ChoiceField(label=_("Metric to check the effect"), required=False)
    effectiveness_check_on = forms.DateField(label=_("Check the effect on"), widget=DATE, required=False)
    objective = forms.ModelChoiceField(label=_("Objective"), queryset=Objective.objects.none(), required=False)

    def __init__(
        self,
        *args: Any,
        units: QuerySet[ServiceUnit] | None = None,
        owners: QuerySet[User],
        objectives: QuerySet[Objective] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "owner").queryset = owners
        if units is None:  # editing: unit, source and metric are fixed once opened
            for name in ("unit", "kind", "source_kind", "source_ref", "metric_code", "objective"):
                del self.fields[name]
            return
        _model_choice(self, "unit").queryset = units
        _choice(self, "metric_code").choices = metric_choices_for(ScopeLevel.UNIT, blank=True)
        if objectives is not None:
            _model_choice(self, "objective").queryset = objectives


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    note = forms.CharField(label=_("Progress note"), required=False, widget=_textarea(3))

    def __init__(self, *args: Any, current: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = sorted(PROGRESS_TRANSITIONS.get(current, frozenset()), key=list(ActionStatus.values).index)
        _choice(self, "status").choices = [("", _("— unchanged —"))] + [
            (status, ActionStatus(status).label) for status in allowed
        ]


class VerifyForm(forms.Form):
    effective = forms.TypedChoiceField(
        label=_("Verdict"),
        choices=[("1", _("Effective")), ("0", _("Not effective"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False, widget=_textarea(2))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=_textarea(2))


class ProposalForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Service unit"), queryset=ServiceUnit.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=_textarea(4))
    source_kind = forms.ChoiceField(label=_("Source"), choices=SourceKind.choices, initial=SourceKind.STAFF_IDEA)
    source_ref = forms.CharField(label=_("Source reference"), max_length=200, required=False)

    def __init__(self, *args: Any, units: QuerySet[ServiceUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "unit").queryset = units


class AcceptForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = forms.DateField(label=_("Due date"), widget=DATE)
    root_cause = forms.CharField(label=_("Root cause"), required=False, widget=_textarea(2))
    effectiveness_check_on = forms.DateField(label=_("Check the effect on"), widget=DATE, required=False)

    def __init__(self, *args: Any, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "owner").queryset = owners
