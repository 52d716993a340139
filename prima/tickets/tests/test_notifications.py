"""Who each notification goes to and what it may reveal. (Delivery itself is prima.notify's business.)"""

from django.utils import translation

from prima.notify.models import OutboundEmail
from prima.tickets import notifications
from prima.tickets.services import add_collaborators, add_reply, assign_ticket, change_status

from .conftest import submit


def test_acknowledge_submission_goes_to_requester_with_code(cast):
    ticket = submit(cast.unit_a, language="en")

    [sent] = notifications.acknowledge_submission(ticket)

    assert (sent.to_address, sent.language, sent.subject, sent.body.endswith(ticket.tracking_code), sent.related) == (
        "budi@contoh.id",
        "en",
        f"Request {ticket.tracking_code} received",
        True,
        ticket,
    )


def test_submission_queues_one_acknowledgement_in_the_outbox(cast):
    ticket = submit(cast.unit_a)

    assert list(OutboundEmail.objects.values_list("to_address", "idempotency_key")) == [
        ("budi@contoh.id", f"tickets.submitted.{ticket.pk}")
    ]


def test_anonymous_request_notifies_nobody(cast):
    ticket = submit(cast.unit_a, confidentiality="anonymous")

    assert (notifications.acknowledge_submission(ticket), OutboundEmail.objects.count()) == ([], 0)


def test_confidential_requester_mail_hides_request_from_subject_and_timeline(cast):
    ticket = submit(cast.unit_a, kind="complaint", confidentiality="confidential", language="en")

    [sent] = notifications.acknowledge_submission(ticket)

    assert (sent.subject, sent.related) == ("Your request", None)


def test_requester_message_to_collaborator_hides_confidential_requester(cast):
    ticket = submit(cast.unit_a, kind="complaint", confidentiality="confidential")
    assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
    add_collaborators(ticket, users=[cast.agent_b], actor=cast.leader)
    for user in (cast.agent_a, cast.agent_b):
        user.language = "en"
        user.save(update_fields=["language"])
    message = add_reply(ticket, body="Ada kabar?", actor=None, from_public=True)

    sent = {n.to_address: n.body for n in notifications.notify_requester_message(ticket, message)}

    assert (
        sent["petugas.a@prima.test"].startswith("Budi Santoso wrote"),
        sent["petugas.b@prima.test"].startswith("Confidential requester wrote"),
    ) == (True, True)


def test_assignment_notifies_new_owner_but_not_self_assignment(cast):
    ticket = submit(cast.unit_a)
    by_supervisor = assign_ticket(ticket, owner=cast.agent_a, actor=cast.supervisor)
    by_self = assign_ticket(ticket, owner=cast.supervisor, actor=cast.supervisor)

    assert (
        [n.to_address for n in notifications.notify_assignment(ticket, by_supervisor, actor=cast.supervisor)],
        notifications.notify_assignment(ticket, by_self, actor=cast.supervisor),
    ) == (["petugas.a@prima.test"], [])


def test_status_change_to_resolved_asks_for_confirmation(cast):
    ticket = submit(cast.unit_a, language="en")
    change = change_status(ticket, to_status="resolved", actor=cast.agent_a)

    [sent] = notifications.notify_status_change(ticket, change)

    assert sent.body.startswith("Your request has been resolved.")


def test_requester_without_email_gets_nothing(cast):
    ticket = submit(cast.unit_a, requester_email="", requester_phone="0812-1111-2222")

    assert notifications.acknowledge_submission(ticket) == []


def test_notification_written_in_requester_language(cast):
    ticket = submit(cast.unit_a, language="en")

    with translation.override("id"):
        [sent] = notifications.acknowledge_submission(ticket)

    assert sent.subject == f"Request {ticket.tracking_code} received"
