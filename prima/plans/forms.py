"""Forms: input validation only; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import ServiceUnit, User
from prima.plans.models import Plan, ReviewFrequency
from prima.plans.services import ActionInput, ItemInput
from prima.standards.components import DurationUnit
from prima.standards.models import OPEN_STATUSES, Service, ServiceStandard

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name


class PlanForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=ServiceUnit.objects.none(), label=_("Unit"))
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period until"), widget=DATE)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, units: QuerySet[ServiceUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class ItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    owner = PersonChoiceField(queryset=User.objects.none(), label=_("Owner"), required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DATE, required=False)
    customer_facing = forms.BooleanField(label=_("Customer-facing (shown on the public page)"), required=False)
    public_wording = forms.CharField(
        label=_("Public wording"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(), label=_("Service it promises for"), required=False
    )
    promised_time_value = forms.IntegerField(label=_("Promised time limit"), min_value=1, required=False)
    promised_time_unit = forms.ChoiceField(
        label=_("Time unit"), choices=[("", "—"), *DurationUnit.choices], required=False
    )
    promised_fee = forms.IntegerField(label=_("Promised fee (rupiah)"), min_value=0, required=False)
    standard_change = forms.ModelChoiceField(
        queryset=ServiceStandard.objects.none(), label=_("Draft standard change it announces"), required=False
    )
    open_action = forms.BooleanField(label=_("Also open an improvement action owned by the owner"), required=False)

    def __init__(self, *args: Any, plan: Plan, owners: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        services = Service.objects.filter(unit__path__startswith=plan.unit.path, is_active=True)
        self.fields["service"].queryset = services  # type: ignore[attr-defined]
        self.fields["standard_change"].queryset = ServiceStandard.objects.filter(  # type: ignore[attr-defined]
            service__in=services, status__in=OPEN_STATUSES
        ).select_related("service")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("open_action"):
            if data.get("owner") is None:
                self.add_error("owner", _("An action needs an owner."))
            if data.get("due_date") is None:
                self.add_error("due_date", _("An action needs a due date."))
        return data

    def item_input(self) -> ItemInput:
        data = self.cleaned_data
        return ItemInput(
            title=data["title"],
            description=data.get("description", ""),
            owner=data.get("owner"),
            due_date=data.get("due_date"),
            customer_facing=bool(data.get("customer_facing")),
            public_wording=data.get("public_wording", ""),
            service=data.get("service"),
            promised_time_value=data.get("promised_time_value"),
            promised_time_unit=data.get("promised_time_unit") or "",
            promised_fee=data.get("promised_fee"),
            standard_change=data.get("standard_change"),
        )

    def action_input(self) -> ActionInput | None:
        data = self.cleaned_data
        if not data.get("open_action"):
            return None
        return ActionInput(
            title=data["title"], owner=data["owner"], due_date=data["due_date"], description=data.get("description", "")
        )


class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Your idea in a few words"), max_length=200)
    body = forms.CharField(label=_("What should change, and why"), widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class CallForm(forms.Form):
    question = forms.CharField(label=_("What do you ask staff?"), max_length=300)
    background = forms.CharField(label=_("Background"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    closes_on = forms.DateField(label=_("Open until"), widget=DATE, required=False)


class ScheduleForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Hold reviews"), choices=ReviewFrequency.choices)


class MeetingForm(forms.Form):
    attendees = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), label=_("Attendees"), required=False, widget=forms.CheckboxSelectMultiple
    )
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendees"]
        field.queryset = staff  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: user.full_name  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    action_title = forms.CharField(label=_("Open an action titled"), max_length=200, required=False)
    action_owner = PersonChoiceField(queryset=User.objects.none(), label=_("Action owner"), required=False)
    action_due_date = forms.DateField(label=_("Action due date"), widget=DATE, required=False)
    plan = forms.ModelChoiceField(queryset=Plan.objects.none(), label=_("Add as an item of the plan"), required=False)
    call_question = forms.CharField(label=_("Ask all staff for proposals"), max_length=300, required=False)
    call_closes_on = forms.DateField(label=_("Proposals open until"), widget=DATE, required=False)

    def __init__(self, *args: Any, staff: QuerySet[User], plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].queryset = staff  # type: ignore[attr-defined]
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action_title"):
            if data.get("action_owner") is None:
                self.add_error("action_owner", _("An action needs an owner."))
            if data.get("action_due_date") is None:
                self.add_error("action_due_date", _("An action needs a due date."))
        return data

    def action_input(self) -> ActionInput | None:
        data = self.cleaned_data
        if not data.get("action_title"):
            return None
        return ActionInput(title=data["action_title"], owner=data["action_owner"], due_date=data["action_due_date"])

    def item_input(self) -> ItemInput | None:
        data = self.cleaned_data
        if data.get("plan") is None:
            return None
        title = data.get("action_title") or data["text"][:200]
        return ItemInput(title=title, owner=data.get("action_owner"), due_date=data.get("action_due_date"))


class RecognitionForm(forms.Form):
    recipient = PersonChoiceField(queryset=User.objects.none(), label=_("Colleague"))
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, staff: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = staff  # type: ignore[attr-defined]


class AcceptForm(ItemForm):
    """Accepting an idea: the item it becomes, and the plan when the idea came in through a call without one."""

    plan = forms.ModelChoiceField(queryset=Plan.objects.none(), label=_("Plan"), required=False)

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans  # type: ignore[attr-defined]
