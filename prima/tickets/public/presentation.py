"""What the public pages say about kinds, statuses and confidentiality, in plain words for the person who wrote
in (the choice labels themselves live in ``prima.tickets.choices``)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prima.tickets.choices import Confidentiality, RequestKind, Status

# What a member of the public can send through the web form, in the order the form offers them. Letters and
# orders come in through staff (a letter is logged by the office that received it; orders need a catalogue).
PUBLIC_KINDS: tuple[str, ...] = (
    RequestKind.INFORMATION,
    RequestKind.COMPLAINT,
    RequestKind.SUGGESTION,
    RequestKind.COMPLIMENT,
    RequestKind.APPOINTMENT,
)

KIND_HINTS: dict[str, Promise] = {
    RequestKind.INFORMATION: _("Ask about a service, its requirements, costs or opening hours."),
    RequestKind.COMPLAINT: _("Something went wrong: a service below its standard, a delay, unfair treatment."),
    RequestKind.SUGGESTION: _("An idea to make the service better."),
    RequestKind.COMPLIMENT: _("Thank a member of staff or tell us what went well."),
    RequestKind.APPOINTMENT: _("Ask for a time to be served or to meet an official."),
}

CONFIDENTIALITY_HINTS: dict[str, Promise] = {
    Confidentiality.NORMAL: _("The staff who handle your request see your name and contact details."),
    Confidentiality.CONFIDENTIAL: _(
        "We keep your name and contact details, but only the officials responsible for your request see them."
    ),
    Confidentiality.ANONYMOUS: _(
        "We do not store your name, e-mail or phone. You will not get e-mail updates: keep the tracking code "
        "to follow your request."
    ),
}

STATUS_EXPLANATIONS: dict[str, Promise] = {
    Status.NEW: _("We have received your request. Staff will look at it soon."),
    Status.IN_PROGRESS: _("Staff are working on your request."),
    Status.WAITING_CUSTOMER: _("We need more information from you to continue. Please answer below."),
    Status.WAITING_THIRD_PARTY: _("We are waiting for another party, such as another office, before we can continue."),
    Status.RESOLVED: _(
        "We think your request is settled. If you agree, confirm it below; if not, reopen it and tell us why."
    ),
    Status.CLOSED: _("Your request is closed."),
}
