"""E-mails the plans app sends through the outbox, written in each recipient's language.

Called by the services inside their transaction, so an e-mail commits or rolls back with the change it announces.
Each e-mail has an idempotency key, so a repeated call never queues the same message twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from prima.accounts.models import User
from prima.notify.services import queue_email
from prima.plans.models import CallForProposals, Plan

TEMPLATE = "generic"


def _link(path: str) -> str:
    base = str(settings.SITE_URL).rstrip("/")
    return f"{base}{path}"


def _send(user: User, *, subject: str, body: str, key: str, related: Plan | CallForProposals, sender: str) -> None:
    queue_email(
        to_address=user.email,
        to_name=user.full_name,
        language=user.language,
        template=TEMPLATE,
        context={"subject": subject, "body": body, "greeting_name": user.full_name, "sender_name": sender},
        idempotency_key=key,
        related=related,
    )


def plan_published(plan: Plan, recipients: Iterable[User], *, sender: User) -> int:
    """Tell each recipient that ``plan`` is published and ask them to acknowledge it. Returns how many."""
    count = 0
    link = _link(reverse("plans:plan", args=[plan.pk]))
    for user in recipients:
        with translation.override(user.language):
            subject = _("Improvement plan published: %(title)s") % {"title": plan.title}
            body = _(
                "The improvement plan “%(title)s” of %(unit)s for %(start)s to %(end)s has been published.\n\n"
                "Please read it and confirm that you have read it: %(link)s"
            ) % {
                "title": plan.title,
                "unit": plan.unit.name,
                "start": plan.period_start.strftime("%d-%m-%Y"),
                "end": plan.period_end.strftime("%d-%m-%Y"),
                "link": link,
            }
        _send(
            user,
            subject=subject,
            body=body,
            key=f"plans.plan.{plan.pk}.published.{user.pk}",
            related=plan,
            sender=sender.full_name,
        )
        count += 1
    return count


def call_raised(call: CallForProposals, recipients: Iterable[User], *, sender: User) -> int:
    """Ask every recipient for improvement proposals. Returns how many e-mails were queued."""
    count = 0
    link = _link(reverse("plans:call", args=[call.pk]))
    for user in recipients:
        with translation.override(user.language):
            subject = _("Your proposals are requested: %(question)s") % {"question": call.question}
            body = _(
                "%(leader)s asks all staff of %(unit)s for improvement proposals:\n\n%(question)s\n\n%(background)s\n\n"
                "Propose an idea, comment on and vote for your colleagues' ideas here: %(link)s"
            ) % {
                "leader": sender.full_name,
                "unit": call.unit.name,
                "question": call.question,
                "background": call.background,
                "link": link,
            }
        _send(
            user,
            subject=subject,
            body=body,
            key=f"plans.call.{call.pk}.raised.{user.pk}",
            related=call,
            sender=sender.full_name,
        )
        count += 1
    return count
