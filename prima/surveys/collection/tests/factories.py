"""Helpers for the collection tests: surveys through the surveys services, requests through the ticket
services, invitation links with a known token."""

from __future__ import annotations

from typing import Any

from prima.accounts.models import Organisation, ServiceUnit, User
from prima.customers.models import ConsentChannel, ConsentPurpose, ContactKind, Customer
from prima.customers.services import ContactInput, create_customer, record_consent
from prima.standards.models import Service
from prima.surveys.collection.keys import new_invitation_token, token_hash
from prima.surveys.collection.models import Invitation
from prima.surveys.instruments import ItemSpec, t
from prima.surveys.models import ItemKind, Survey
from prima.surveys.services import create_survey_from_template, new_version
from prima.tickets.choices import Status
from prima.tickets.models import Ticket
from prima.tickets.services import change_status, submit_request

SKM_ANSWERS: dict[str, object] = {f"U{number}": 3 for number in range(1, 10)}


def make_survey(
    template: str = "skm2017",
    *,
    organisation: Organisation,
    unit: ServiceUnit | None = None,
    service: Service | None = None,
    name: str = "SKM 2026 Semester I",
    **fields: Any,
) -> Survey:
    """A survey from a built-in template; ``fields`` are set on it afterwards (invitation settings, status)."""
    survey = create_survey_from_template(template, name=name, organisation=organisation, unit=unit, service=service)
    if fields:
        Survey.objects.filter(pk=survey.pk).update(**fields)
        survey.refresh_from_db()
    return survey


def make_conditional_survey(*, organisation: Organisation, unit: ServiceUnit) -> Survey:
    """A CSAT survey with a follow-up question WHY shown only for the two lowest satisfaction levels, and a
    multiple-choice question."""
    survey = make_survey("csat", organisation=organisation, unit=unit, name="Kepuasan loket")
    new_version(
        survey,
        actor=None,
        extra_items=[
            ItemSpec(
                code="WHY",
                kind=ItemKind.TEXT,
                text=t("Apa yang kurang?", "What was missing?"),
                required=True,
                show_if_code="CSAT",
                show_if_values=(1, 2),
            ),
            ItemSpec(
                code="CH",
                kind=ItemKind.MULTIPLE_CHOICE,
                text=t("Bagaimana Anda mengetahui layanan ini?", "How did you learn about this service?"),
                options=(
                    (1, t("Teman", "Friends")),
                    (2, t("Media sosial", "Social media")),
                    (3, t("Kantor", "Office")),
                ),
            ),
        ],
    )
    return survey


def submit_ticket(unit: ServiceUnit, **overrides: Any) -> Ticket:
    values: dict[str, Any] = {
        "kind": "information",
        "channel": "web",
        "subject": "Syarat izin usaha mikro",
        "description": "Apa saja syarat untuk mengurus NIB usaha mikro?",
        "requester_name": "Budi Santoso",
        "requester_email": "budi@contoh.id",
        "actor": None,
    }
    values.update(overrides)
    return submit_request(unit, **values)


def resolve(ticket: Ticket, actor: User | None) -> Ticket:
    change_status(ticket, to_status=Status.RESOLVED, actor=actor)
    ticket.refresh_from_db()
    return ticket


def reopen(ticket: Ticket, actor: User | None) -> Ticket:
    change_status(ticket, to_status=Status.IN_PROGRESS, reason="Belum selesai", actor=actor)
    ticket.refresh_from_db()
    return ticket


def with_token(invitation: Invitation) -> str:
    """Give ``invitation`` a fresh token the test knows (the real one only went out by e-mail)."""
    token = new_invitation_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
    return token


def consenting_customer(
    organisation: Organisation, unit: ServiceUnit, email: str | None, *, consent: bool = True, name: str = "Ani"
) -> Customer:
    contacts = [ContactInput(kind=ContactKind.EMAIL, value=email)] if email else []
    customer = create_customer(organisation, name=name, units=[unit], contacts=contacts, actor=None)
    if consent:
        record_consent(customer, purpose=ConsentPurpose.SURVEYS, channel=ConsentChannel.COUNTER, actor=None)
    return customer
