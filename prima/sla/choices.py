"""The enumerations of the SLA app: clocks, how they count time, and what a breach scan records."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Weekday(models.IntegerChoices):
    """``datetime.date.weekday()`` numbering: Monday is 0."""

    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class ExceptionKind(models.TextChoices):
    CLOSED = "closed", _("Closed all day (cuti bersama, local holiday)")
    OPEN = "open", _("Open at these hours (replaces the usual hours and any holiday)")


class ClockKind(models.TextChoices):
    """The promises a request is timed against. The order is the order clocks are shown in."""

    VERIFICATION = "verification", _("Complaint verification")
    FIRST_RESPONSE = "first_response", _("First response")
    FOLLOW_UP = "follow_up", _("Follow-up")
    PERIODIC_UPDATE = "periodic_update", _("Regular update")
    RESOLUTION = "resolution", _("Resolution")


class ClockMode(models.TextChoices):
    WORKING = "working", _("Working time (business calendar)")
    CALENDAR = "calendar", _("Calendar time (every day, day and night)")


class TimeUnit(models.TextChoices):
    HOURS = "hours", pgettext_lazy("time unit", "hours")
    DAYS = "days", pgettext_lazy("time unit", "days")


class StartEvent(models.TextChoices):
    """When a clock starts. UU 25/2009 counts the 60 days to resolve from the moment the complaint file is
    complete, which Prima records as the complaint's verification."""

    RECEIVED = "received", _("When the request is received")
    VERIFIED = "verified", _("When the complaint is verified")


class ClockState(models.TextChoices):
    RUNNING = "running", pgettext_lazy("SLA clock state", "Running")
    PAUSED = "paused", pgettext_lazy("SLA clock state", "Paused")
    MET = "met", pgettext_lazy("SLA clock state", "Met")
    BREACHED = "breached", pgettext_lazy("SLA clock state", "Breached")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("SLA clock state", "Not applicable")


class BreachKind(models.TextChoices):
    UPCOMING = "upcoming", _("Due soon")
    BREACHED = "breached", _("Breached")


class EscalationLevel(models.IntegerChoices):
    """How far up the chain a breach event has been reported. Each level is reported once."""

    RECORDED = 0, _("Recorded, nobody told yet")
    OWNER = 1, _("Owner")
    SUPERVISOR = 2, _("Supervisor (koordinator)")
    LEADER = 3, _("Leader (pimpinan)")
