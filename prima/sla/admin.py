"""Back-office configuration: business calendars and SLA policies, and a read-only view of breach events.

Saving or deleting a calendar or policy here re-evaluates the ``due_at`` of the open requests it affects
(``prima.sla.services.refresh_due_dates_for_calendar`` / ``refresh_due_dates_for_policy``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.sla.calendar import Interval, overlapping_intervals
from prima.sla.choices import ExceptionKind
from prima.sla.models import BreachEvent, BusinessCalendar, CalendarException, SlaPolicy, SlaTarget, WorkingInterval
from prima.sla.queries import units_governed_by_policy, units_using_calendar
from prima.sla.services import (
    refresh_due_dates_for_calendar,
    refresh_due_dates_for_policy,
    refresh_open_ticket_due_dates_in,
)


def _live_forms(formset: forms.BaseInlineFormSet[Any, Any, Any]) -> list[dict[str, Any]]:
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class WorkingIntervalFormSet(forms.BaseInlineFormSet[WorkingInterval, BusinessCalendar, Any]):
    def clean(self) -> None:
        super().clean()
        live = _live_forms(self)
        if not live:
            raise ValidationError(_("Give the calendar at least one working interval."), code="required")
        by_day: dict[int, list[Interval]] = defaultdict(list)
        for data in live:
            if data.get("start_time") and data.get("end_time") and data.get("weekday") is not None:
                by_day[int(data["weekday"])].append((data["start_time"], data["end_time"]))
        for intervals in by_day.values():
            try:
                overlaps = overlapping_intervals(intervals)
            except ValueError:
                continue  # the row's own validation reports it
            if overlaps:
                raise ValidationError(_("Working hours on the same day must not overlap."), code="overlap")


class CalendarExceptionFormSet(forms.BaseInlineFormSet[CalendarException, BusinessCalendar, Any]):
    def clean(self) -> None:
        super().clean()
        kinds: dict[Any, set[str]] = defaultdict(set)
        for data in _live_forms(self):
            if data.get("date"):
                kinds[data["date"]].add(data.get("kind", ""))
        if any({ExceptionKind.CLOSED, ExceptionKind.OPEN} <= found for found in kinds.values()):
            raise ValidationError(_("A date is either closed or open at special hours, not both."), code="conflict")


class WorkingIntervalInline(admin.TabularInline[WorkingInterval, BusinessCalendar]):
    model = WorkingInterval
    formset = WorkingIntervalFormSet
    extra = 0


class CalendarExceptionInline(admin.TabularInline[CalendarException, BusinessCalendar]):
    model = CalendarException
    formset = CalendarExceptionFormSet
    extra = 0


@admin.register(BusinessCalendar)
class BusinessCalendarAdmin(admin.ModelAdmin[BusinessCalendar]):
    list_display = ["name", "organisation", "unit", "observe_national_holidays", "observe_cuti_bersama"]
    list_filter = ["organisation", "observe_national_holidays", "observe_cuti_bersama"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    inlines = [WorkingIntervalInline, CalendarExceptionInline]
    readonly_fields = ["updated_at"]

    def save_model(self, request: HttpRequest, obj: BusinessCalendar, form: Any, change: bool) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        refresh_due_dates_for_calendar(form.instance)

    def delete_model(self, request: HttpRequest, obj: BusinessCalendar) -> None:
        units = units_using_calendar(obj)
        super().delete_model(request, obj)
        refresh_open_ticket_due_dates_in(units)


class SlaTargetInline(admin.TabularInline[SlaTarget, SlaPolicy]):
    model = SlaTarget
    extra = 0
    min_num = 1


class SlaPolicyForm(forms.ModelForm[SlaPolicy]):
    class Meta:
        model = SlaPolicy
        fields = [
            "organisation",
            "unit",
            "name",
            "kind",
            "priority",
            "version",
            "effective_from",
            "effective_to",
            "warning_before",
            "escalate_to_supervisor_after",
            "escalate_to_leader_after",
            "source",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        organisation, start = data.get("organisation"), data.get("effective_from")
        if organisation is None or start is None:
            return data
        end, unit = data.get("effective_to"), data.get("unit")
        scope = SlaPolicy.objects.filter(
            organisation=organisation, kind=data.get("kind", ""), priority=data.get("priority", "")
        )
        scope = scope.filter(unit=unit) if unit is not None else scope.filter(unit__isnull=True)
        scope = scope.exclude(pk=self.instance.pk).filter(Q(effective_to__isnull=True) | Q(effective_to__gt=start))
        if end is not None:
            scope = scope.filter(effective_from__lt=end)
        if scope.exists():
            raise ValidationError(
                _("Another version for the same requests is in effect at the same time; adjust the dates."),
                code="overlap",
            )
        return data


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin[SlaPolicy]):
    form = SlaPolicyForm
    list_display = ["name", "version", "organisation", "unit", "kind", "priority", "effective_from", "effective_to"]
    list_filter = ["organisation", "kind", "priority"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    inlines = [SlaTargetInline]
    readonly_fields = ["created_at", "created_by", "previous_version"]

    def save_model(self, request: HttpRequest, obj: SlaPolicy, form: Any, change: bool) -> None:
        if not change and isinstance(request.user, User):
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        refresh_due_dates_for_policy(form.instance)

    def delete_model(self, request: HttpRequest, obj: SlaPolicy) -> None:
        units = units_governed_by_policy(obj)
        super().delete_model(request, obj)
        refresh_open_ticket_due_dates_in(units)


@admin.register(BreachEvent)
class BreachEventAdmin(admin.ModelAdmin[BreachEvent]):
    list_display = ["ticket", "clock", "kind", "due_at", "level", "detected_at", "unit", "owner"]
    list_filter = ["kind", "clock", "level"]
    search_fields = ["ticket__tracking_code"]
    list_select_related = ["ticket", "unit", "owner"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BreachEvent]:
        return super().get_queryset(request).select_related("ticket", "unit", "owner")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: BreachEvent | None = None) -> bool:
        return False
