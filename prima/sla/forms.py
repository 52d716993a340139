"""Forms of the staff SLA pages. They parse and check input; ``prima.sla.services`` makes the change (and
checks again: overlapping hours, a policy without targets)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prima.sla.calendar import Interval
from prima.sla.choices import ClockKind, ClockMode, StartEvent, TimeUnit, Weekday
from prima.sla.clocks import TargetSpec
from prima.sla.statutory import statutory_complaint_templates
from prima.tickets.choices import Priority, RequestKind

_INTERVAL = re.compile(r"^(\d{1,2})[:.](\d{2})\s*[--]\s*(\d{1,2})[:.](\d{2})$")
MAX_INTERVALS_PER_DAY = 6
MAX_AMOUNT = 10_000


def parse_intervals(text: str) -> list[Interval]:
    """ "08:00-12:00, 13:00-16:00" → [(08:00, 12:00), (13:00, 16:00)]; empty → [] (closed that day). Raises
    ValidationError naming the part it cannot read."""
    intervals: list[Interval] = []
    parts = [part.strip() for part in re.split(r"[,;\n]", text or "") if part.strip()]
    if len(parts) > MAX_INTERVALS_PER_DAY:
        raise ValidationError(
            _("At most %(count)d intervals a day."), code="too_many", params={"count": MAX_INTERVALS_PER_DAY}
        )
    for part in parts:
        match = _INTERVAL.match(part)
        if match is None:
            raise ValidationError(
                _("“%(part)s” is not a time interval; write it like 08:00-12:00."),
                code="invalid",
                params={"part": part},
            )
        start_hour, start_minute, end_hour, end_minute = (int(group) for group in match.groups())
        try:
            start, end = (
                dt.time(start_hour, start_minute),
                dt.time(end_hour % 24 if end_hour == 24 else end_hour, end_minute),
            )
        except ValueError:
            raise ValidationError(
                _("“%(part)s” is not a time of day; use 00:00 to 23:59."), code="invalid", params={"part": part}
            ) from None
        if end_hour == 24 and end_minute:
            raise ValidationError(
                _("“%(part)s” is not a time of day; use 00:00 to 23:59."), code="invalid", params={"part": part}
            )
        intervals.append((start, end))
    return intervals


def format_intervals(intervals: list[Interval] | tuple[Interval, ...]) -> str:
    return ", ".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in intervals)


class CalendarForm(forms.Form):
    """A unit's calendar: name, holidays observed and, per weekday, its working intervals as text."""

    name = forms.CharField(label=_("Name"), max_length=100)
    observe_national_holidays = forms.BooleanField(label=_("Closed on national holidays"), required=False)
    observe_cuti_bersama = forms.BooleanField(
        label=_("Closed on cuti bersama"),
        required=False,
        help_text=_("The collective leave days of the joint ministerial decree, as far as they are published."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for weekday in Weekday:
            self.fields[f"weekday_{weekday.value}"] = forms.CharField(
                label=weekday.label,
                required=False,
                max_length=200,
                help_text=_("e.g. 08:00-12:00, 13:00-16:00; empty: closed") if weekday == Weekday.MONDAY else "",
            )

    @property
    def weekday_fields(self) -> list[forms.BoundField]:
        return [self[f"weekday_{weekday.value}"] for weekday in Weekday]

    @property
    def setting_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "observe_national_holidays", "observe_cuti_bersama")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        weekly: list[list[Interval]] = []
        for weekday in Weekday:
            field = f"weekday_{weekday.value}"
            try:
                weekly.append(parse_intervals(cleaned.get(field, "")))
            except ValidationError as error:
                self.add_error(field, error)
                weekly.append([])
        cleaned["weekly"] = weekly
        return cleaned


class ClosureForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(
        label=_("Reason"), max_length=200, help_text=_("e.g. Cuti bersama Idul Fitri, anniversary of the regency")
    )


TARGET_CLOCKS = tuple(ClockKind)


class PolicyTargetsForm(forms.Form):
    """The targets of a policy: for each clock an amount (empty: no such target), its unit, how it is
    counted and from when; and whether the change corrects this version or starts a new one."""

    APPLY_CORRECT = "correct"
    APPLY_NEW_VERSION = "new_version"

    apply = forms.ChoiceField(
        label=_("Apply the change"),
        choices=[
            (APPLY_NEW_VERSION, _("As a new version, for requests received from now on")),
            (APPLY_CORRECT, _("As a correction of this version, open requests included")),
        ],
        initial=APPLY_NEW_VERSION,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, with_apply: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_apply:
            del self.fields["apply"]
        for clock in TARGET_CLOCKS:
            prefix = f"{clock.value}_"
            self.fields[prefix + "amount"] = forms.IntegerField(
                label=clock.label, required=False, min_value=1, max_value=MAX_AMOUNT
            )
            self.fields[prefix + "time_unit"] = forms.ChoiceField(
                label=_("unit"), choices=TimeUnit.choices, initial=TimeUnit.DAYS
            )
            self.fields[prefix + "mode"] = forms.ChoiceField(
                label=_("counted in"), choices=ClockMode.choices, initial=ClockMode.WORKING
            )
            self.fields[prefix + "starts"] = forms.ChoiceField(
                label=_("counted from"), choices=StartEvent.choices, initial=StartEvent.RECEIVED
            )

    @staticmethod
    def initial_for(targets: list[TargetSpec]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for target in targets:
            prefix = f"{target.clock}_"
            initial.update(
                {
                    prefix + "amount": target.amount,
                    prefix + "time_unit": target.time_unit,
                    prefix + "mode": target.mode,
                    prefix + "starts": target.starts,
                }
            )
        return initial

    @property
    def target_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (
                str(clock.label),
                [self[f"{clock.value}_{name}"] for name in ("amount", "time_unit", "mode", "starts")],
            )
            for clock in TARGET_CLOCKS
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        targets = []
        for clock in TARGET_CLOCKS:
            prefix = f"{clock.value}_"
            amount = cleaned.get(prefix + "amount")
            if amount is None:
                continue
            starts = cleaned.get(prefix + "starts", StartEvent.RECEIVED)
            if clock == ClockKind.VERIFICATION and starts == StartEvent.VERIFIED:
                self.add_error(
                    prefix + "starts",
                    ValidationError(_("Verification is counted from when the request is received."), code="invalid"),
                )
                continue
            targets.append(
                TargetSpec(
                    clock.value,
                    amount,
                    cleaned.get(prefix + "time_unit", TimeUnit.DAYS),
                    cleaned.get(prefix + "mode", ClockMode.WORKING),
                    starts,
                )
            )
        if not targets and not self.errors:
            raise ValidationError(_("Give the policy at least one target."), code="required")
        cleaned["targets"] = targets
        return cleaned


class NewPolicyForm(PolicyTargetsForm):
    """A unit's new policy for one kind and priority of request (empty: every kind / every priority)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, with_apply=False, **kwargs)
        self.fields["name"] = forms.CharField(label=_("Name"), max_length=200)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Request kind"), choices=[("", _("Every kind")), *RequestKind.choices], required=False
        )
        self.fields["priority"] = forms.ChoiceField(
            label=_("Priority"), choices=[("", _("Every priority")), *Priority.choices], required=False
        )
        self.order_fields(["name", "kind", "priority"])

    @property
    def scope_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "kind", "priority")]


class AdoptTemplateForm(forms.Form):
    template = forms.ChoiceField(label=_("Statutory template"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        template_field = self.fields["template"]
        assert isinstance(template_field, forms.ChoiceField)
        template_field.choices = [(template.code, template.name) for template in statutory_complaint_templates()]
