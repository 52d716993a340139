"""Back-office pages open, and every activity entry the app writes reads as a sentence."""

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import client_for
from prima.activity.models import ActivityLog
from prima.activity.registry import describe
from prima.factories import UserFactory
from prima.standards.services import archive_service, publish_charter, return_to_draft
from prima.standards.tests.conftest import new_service, published, written_draft


@pytest.fixture
def history(cast):
    service = new_service(cast.unit_a, cast.supervisor)
    published(service, cast.supervisor, cast.leader)
    draft = written_draft(service, cast.supervisor, version=2)
    from prima.standards.services import approve_standard

    approve_standard(draft, actor=cast.leader)
    return_to_draft(draft, actor=cast.leader)
    publish_charter(cast.unit_a, text={"id": "Kami sanggup."}, actor=cast.leader)
    archive_service(service, actor=cast.leader)
    return service


@pytest.mark.parametrize("model", ["service", "servicestandard", "servicecharter"])
def test_admin_changelist_and_change_pages_open(cast, history, model):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = client_for(superuser)
    from django.apps import apps

    obj = apps.get_model("standards", model).objects.first()

    statuses = (
        client.get(reverse(f"admin:standards_{model}_changelist")).status_code,
        client.get(reverse(f"admin:standards_{model}_changelist") + "?q=izin").status_code,
        client.get(reverse(f"admin:standards_{model}_change", args=[obj.pk])).status_code,
    )

    assert statuses == (200, 200, 200)


def test_component_names_in_log_follow_the_reader_language():
    from prima.standards.activity import _component_titles

    with translation.override("id"):
        indonesian = _component_titles("fee,time_limit,unknown")
    with translation.override("en"):
        english = _component_titles("fee,time_limit,unknown")

    assert (indonesian, english) == ("Biaya/tarif; Jangka waktu pelayanan", "Fee/tariff; Service time limit")


def test_every_activity_entry_reads_as_a_sentence_in_english(history):
    entries = ActivityLog.objects.filter(action__startswith="standards.").order_by("id")

    with translation.override("en"):
        sentences = [describe(entry.action, entry.data, entry.object_repr) for entry in entries]

    assert sentences == [
        "Service Izin Usaha Mikro added to the catalogue",
        "Draft version 1 of the standard for Izin Usaha Mikro started",
        "Draft version 1 of Izin Usaha Mikro edited: Requirements; System, mechanism and procedure; "
        "Service time limit; Fee/tariff; Service product; Handling of complaints, suggestions and feedback; "
        "Legal basis; Facilities and infrastructure; Staff competence; Internal supervision; Number of staff; "
        "Service guarantee; Guarantee of security and safety of the service; Evaluation of staff performance",
        "Version 1 of the standard for Izin Usaha Mikro approved",
        f"Version 1 of the standard for Izin Usaha Mikro published, effective {entries[4].data['effective_from']}",
        "Draft version 2 of the standard for Izin Usaha Mikro started",
        "Draft version 2 of Izin Usaha Mikro edited: Requirements; System, mechanism and procedure; "
        "Service time limit; Service product; Handling of complaints, suggestions and feedback; Legal basis; "
        "Facilities and infrastructure; Staff competence; Internal supervision; Number of staff; "
        "Service guarantee; Guarantee of security and safety of the service; Evaluation of staff performance",
        "Version 2 of the standard for Izin Usaha Mikro approved",
        "Approval of version 2 of Izin Usaha Mikro withdrawn; back to draft",
        "Service charter version 1 of Perizinan Usaha published",
        "Service Izin Usaha Mikro archived",
    ]
