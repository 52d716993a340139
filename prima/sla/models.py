"""Business calendars, SLA policies and the breach log.

Calendars: a unit uses its own calendar, else the nearest ancestor unit's, else its organisation's default
calendar (``unit`` empty), else ``prima.sla.calendar.DEFAULT_WEEKLY_HOURS``. Hours are local times, read in
the time zone of the unit whose requests are timed, so one organisation default serves WIB and WITA units.

Policies: a policy governs the requests received while it is effective (``effective_from`` up to, not
including, ``effective_to``). A new version (``prima.sla.services.revise_policy``) ends the previous one;
correcting a policy in place re-evaluates the open requests it governs. Rows are written through
``prima.sla.services`` or the back-office admin, which calls the same refresh.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prima.sla.choices import (
    BreachKind,
    ClockKind,
    ClockMode,
    EscalationLevel,
    ExceptionKind,
    StartEvent,
    TimeUnit,
    Weekday,
)
from prima.tickets.choices import Priority, RequestKind

MIDNIGHT = dt.time(0)
# An interval may end at 00:00, meaning midnight at the end of the day (for units open late or 24 hours).
_ENDS_AFTER_START = Q(end_time__gt=F("start_time")) | Q(end_time=MIDNIGHT)


def _check_hours(start: dt.time | None, end: dt.time | None) -> None:
    if start is not None and end is not None and not (end > start or end == MIDNIGHT):
        raise ValidationError({"end_time": _("The end must be after the start (00:00 means midnight).")})


class BusinessCalendar(models.Model):
    """When a unit works: weekly hours, holidays observed, and dates it closes or opens specially."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="business_calendars",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        "accounts.ServiceUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="business_calendars",
        verbose_name=_("service unit"),
        help_text=_(
            "Empty: the organisation's default calendar. Units below this one use it unless they have their own."
        ),
    )
    name = models.CharField(_("name"), max_length=100)
    observe_national_holidays = models.BooleanField(_("closed on national holidays"), default=True)
    observe_cuti_bersama = models.BooleanField(
        _("closed on cuti bersama"),
        default=True,
        help_text=_("The collective leave days of the joint ministerial decree, as far as they are published."),
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        ordering = ["organisation", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["unit"], condition=Q(unit__isnull=False), name="sla_one_calendar_per_unit"),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(unit__isnull=True), name="sla_one_default_calendar_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.unit is not None
            and self.organisation_id is not None
            and self.unit.organisation_id != self.organisation_id
        ):
            raise ValidationError({"unit": _("Choose a unit of this organisation.")})


class WorkingInterval(models.Model):
    """One stretch of working time on a weekday, e.g. Friday 13:30-16:30 after the Friday prayer."""

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="intervals", verbose_name=_("calendar")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        ordering = ["weekday", "start_time", "id"]
        constraints = [
            models.CheckConstraint(condition=_ENDS_AFTER_START, name="sla_interval_ends_after_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="sla_interval_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M}-{self.end_time:%H:%M}"

    def clean(self) -> None:
        _check_hours(self.start_time, self.end_time)


class CalendarException(models.Model):
    """A date a unit closes (cuti bersama it adds by hand, a local holiday) or opens at special hours.

    Several OPEN rows on one date give that date several intervals. An OPEN date is open even on a
    national holiday.
    """

    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("calendar")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=ExceptionKind.choices, default=ExceptionKind.CLOSED)
    name = models.CharField(_("description"), max_length=200, blank=True)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date", "start_time", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["calendar", "date"], condition=Q(kind=ExceptionKind.CLOSED), name="sla_closed_date_once"
            ),
            models.CheckConstraint(
                condition=(Q(kind=ExceptionKind.CLOSED, start_time__isnull=True, end_time__isnull=True))
                | (Q(kind=ExceptionKind.OPEN, start_time__isnull=False, end_time__isnull=False) & _ENDS_AFTER_START),
                name="sla_exception_hours_match_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"

    def clean(self) -> None:
        if self.kind == ExceptionKind.CLOSED and (self.start_time is not None or self.end_time is not None):
            raise ValidationError({"start_time": _("A closed day has no hours; leave the times empty.")})
        if self.kind == ExceptionKind.OPEN and (self.start_time is None or self.end_time is None):
            raise ValidationError({"start_time": _("Give the hours the unit is open on this date.")})
        _check_hours(self.start_time, self.end_time)


class SlaPolicy(models.Model):
    """Service-level targets for requests of a kind and priority in a unit (or the whole organisation).

    Empty ``kind``/``priority`` match every kind/priority. The most specific effective policy wins: a
    kind-specific one over any-kind, then a priority-specific one over any-priority, then the request's own
    unit over an ancestor unit over the organisation-wide default.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="sla_policies", verbose_name=_("organisation")
    )
    unit = models.ForeignKey(
        "accounts.ServiceUnit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sla_policies",
        verbose_name=_("service unit"),
        help_text=_("Empty: applies to every unit of the organisation without a more specific policy."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("request kind"), max_length=20, choices=RequestKind.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous_version = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name=_("previous version"),
    )
    effective_from = models.DateTimeField(_("effective from"), default=timezone.now)
    effective_to = models.DateTimeField(
        _("effective until"), null=True, blank=True, help_text=_("Empty: until a new version replaces it.")
    )
    warning_before = models.DurationField(
        _("warn before the due time"),
        default=dt.timedelta(hours=2),
        help_text=_("The owner is warned when this much time is left (working time for working-time targets)."),
    )
    escalate_to_supervisor_after = models.DurationField(
        _("tell the supervisor after"),
        default=dt.timedelta(hours=4),
        help_text=_("How long after the due time an unmet target is reported to the unit's supervisors."),
    )
    escalate_to_leader_after = models.DurationField(
        _("tell the leader after"),
        default=dt.timedelta(hours=14),
        help_text=_("How long after the due time an unmet target is reported to the unit's leaders."),
    )
    source = models.CharField(
        _("source"), max_length=100, blank=True, help_text=_("The template or standard this policy was made from.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["organisation", "unit", "kind", "priority", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "unit", "kind", "priority", "version"],
                condition=Q(unit__isnull=False),
                name="sla_policy_unit_version_once",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "priority", "version"],
                condition=Q(unit__isnull=True),
                name="sla_policy_org_version_once",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                name="sla_policy_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(escalate_to_leader_after__gte=F("escalate_to_supervisor_after")),
                name="sla_policy_leader_after_supervisor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def clean(self) -> None:
        if (
            self.unit is not None
            and self.organisation_id is not None
            and self.unit.organisation_id != self.organisation_id
        ):
            raise ValidationError({"unit": _("Choose a unit of this organisation.")})
        if self.effective_to is not None and self.effective_from and self.effective_to <= self.effective_from:
            raise ValidationError({"effective_to": _("The end must be after the start.")})
        if (
            self.escalate_to_supervisor_after is not None
            and self.escalate_to_leader_after is not None
            and self.escalate_to_leader_after < self.escalate_to_supervisor_after
        ):
            raise ValidationError({"escalate_to_leader_after": _("The leader is told no earlier than the supervisor.")})

    def is_effective_at(self, moment: dt.datetime) -> bool:
        return self.effective_from <= moment and (self.effective_to is None or moment < self.effective_to)


class SlaTarget(models.Model):
    """One promise of a policy: e.g. resolution within 60 calendar days from verification."""

    policy = models.ForeignKey(SlaPolicy, on_delete=models.CASCADE, related_name="targets", verbose_name=_("policy"))
    clock = models.CharField(_("target"), max_length=20, choices=ClockKind.choices)
    amount = models.PositiveIntegerField(_("within"))
    time_unit = models.CharField(_("unit"), max_length=10, choices=TimeUnit.choices)
    mode = models.CharField(_("counted in"), max_length=10, choices=ClockMode.choices, default=ClockMode.WORKING)
    starts = models.CharField(_("counted from"), max_length=10, choices=StartEvent.choices, default=StartEvent.RECEIVED)

    class Meta:
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        ordering = ["policy", "clock"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "clock"], name="sla_target_once_per_policy"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="sla_target_amount_positive"),
            models.CheckConstraint(
                condition=~Q(clock=ClockKind.VERIFICATION, starts=StartEvent.VERIFIED),
                name="sla_verification_starts_on_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_clock_display()}: {self.amount} {self.get_time_unit_display()}"

    def clean(self) -> None:
        if self.amount is not None and self.amount <= 0:
            raise ValidationError({"amount": _("Enter a positive number.")})
        if self.clock == ClockKind.VERIFICATION and self.starts == StartEvent.VERIFIED:
            raise ValidationError({"starts": _("Verification is counted from when the request is received.")})


class BreachEvent(models.Model):
    """A target of a request that is due soon or was missed, recorded once per due time and escalated up
    the chain owner → supervisors → leaders, each level once (``level`` is the highest reached).

    A due time that moves (a pause, a calendar edit) is a new promise, so it may be recorded again.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="sla_breaches", verbose_name=_("request")
    )
    clock = models.CharField(_("target"), max_length=20, choices=ClockKind.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=BreachKind.choices)
    due_at = models.DateTimeField(_("due at"))
    level = models.PositiveSmallIntegerField(
        _("escalated to"), choices=EscalationLevel.choices, default=EscalationLevel.RECORDED
    )
    detected_at = models.DateTimeField(_("detected at"), default=timezone.now)
    escalated_at = models.DateTimeField(_("last escalated at"), null=True, blank=True)
    # Where and with whom the request was when the event was detected, for compliance per unit and person.
    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("service unit")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    policy = models.ForeignKey(
        SlaPolicy, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("policy")
    )

    class Meta:
        verbose_name = _("SLA breach event")
        verbose_name_plural = _("SLA breach events")
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "clock", "kind", "due_at"], name="sla_breach_recorded_once"),
        ]
        indexes = [models.Index(fields=["unit", "detected_at"], name="sla_breach_unit_detected")]

    def __str__(self) -> str:
        return f"{self.ticket_id} · {self.clock} · {self.kind}"
