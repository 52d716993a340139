"""The enumerations of a request. Workflow data (status groups, allowed transitions) lives in ``workflow.py``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestKind(models.TextChoices):
    INFORMATION = "information", _("Information request")
    APPOINTMENT = "appointment", _("Appointment (janji temu)")
    LETTER = "letter", _("Response to a letter")
    COMPLAINT = "complaint", _("Complaint (keluhan)")
    SUGGESTION = "suggestion", _("Suggestion (saran)")
    ORDER = "order", _("Order (pesanan)")
    COMPLIMENT = "compliment", _("Compliment")


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in")
    LETTER = "letter", _("Letter")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    COMMENT_CARD = "comment_card", _("Comment card")
    API = "api", _("API")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Confidentiality(models.TextChoices):
    """How much of the requester's identity Prima keeps and shows (UU 25/2009 Pasal 42; LAPOR! "Rahasia"/"Anonim").

    NORMAL: identity stored and shown to staff who may see the request.
    CONFIDENTIAL: identity stored, shown only to the roles in ``confidentiality.can_see_identity``.
    ANONYMOUS: nothing identifying is stored at all.
    """

    NORMAL = "normal", _("Normal")
    CONFIDENTIAL = "confidential", _("Confidential (rahasia)")
    ANONYMOUS = "anonymous", _("Anonymous (anonim)")


class Status(models.TextChoices):
    NEW = "new", pgettext_lazy("request status", "New")
    IN_PROGRESS = "in_progress", pgettext_lazy("request status", "In progress")
    WAITING_CUSTOMER = "waiting_customer", pgettext_lazy("request status", "Waiting for the customer")
    WAITING_THIRD_PARTY = "waiting_third_party", pgettext_lazy("request status", "Waiting for a third party")
    RESOLVED = "resolved", pgettext_lazy("request status", "Resolved")
    CLOSED = "closed", pgettext_lazy("request status", "Closed")


class StatusGroup(models.TextChoices):
    OPEN = "open", pgettext_lazy("status group", "Open")
    PAUSED = "paused", pgettext_lazy("status group", "Paused")
    RESOLVED = "resolved", pgettext_lazy("status group", "Resolved")
    CLOSED = "closed", pgettext_lazy("status group", "Closed")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public (the requester sees it)")
    INTERNAL = "internal", _("Internal note")


class OrderChangeKind(models.TextChoices):
    RECORDED = "recorded", _("Order recorded")
    LINE_ADDED = "line_added", _("Item added")
    LINE_UPDATED = "line_updated", _("Stock or delivery updated")
    PROMISED_DATE_CHANGED = "promised_date_changed", _("Promised date changed")
