"""Display strings for activity actions, translated when shown rather than when written."""

import pytest
from django.utils import translation

from prima.activity.models import ActivityLog
from prima.activity.registry import describe, is_registered, register, registered_actions
from prima.activity.services import log_action
from prima.customers.models import ConsentPurpose


def test_log_action_refuses_unregistered_action(cast):
    with pytest.raises(ValueError, match=r"customers\.customer\.teleported"):
        log_action("customers.customer.teleported", actor=cast.agent_a)


def test_log_action_unregistered_action_writes_nothing(cast):
    with pytest.raises(ValueError):
        log_action("customers.customer.teleported", actor=cast.agent_a)

    assert ActivityLog.objects.count() == 0


def test_log_action_records_object(cast):
    entry = log_action("accounts.unit.created", actor=cast.admin, obj=cast.unit_a, data={"name": "Perizinan Usaha"})

    assert (entry.content_type.model, entry.object_id, entry.object_repr) == (
        "serviceunit",
        str(cast.unit_a.pk),
        "Perizinan Usaha",
    )


def test_log_action_without_actor_is_system(db):
    entry = log_action("accounts.user.logged_in", actor=None)

    assert (entry.actor, entry.data) == (None, {})


def test_log_action_ignores_anonymous_actor(db):
    from django.contrib.auth.models import AnonymousUser

    entry = log_action("accounts.user.logged_in", actor=AnonymousUser())

    assert entry.actor is None


def test_log_action_truncates_long_object_repr(cast):
    cast.unit_a.name = "U" * 300

    entry = log_action("accounts.unit.created", actor=None, obj=cast.unit_a)

    assert len(entry.object_repr) == 200


def test_register_refuses_duplicate_action():
    with pytest.raises(ValueError, match="registered twice"):
        register({"customers.customer.created": "again"})


def test_is_registered_true_for_customer_action():
    assert is_registered("customers.consent.given") is True


def test_registered_actions_are_sorted():
    actions = registered_actions()

    assert actions == sorted(actions)


def test_describe_formats_with_data():
    with translation.override("en"):
        assert describe("customers.customer.created", {"name": "Budi"}) == "Customer Budi registered"


def test_describe_missing_placeholder_shows_ellipsis():
    with translation.override("en"):
        assert describe("customers.customer.created", {}) == "Customer … registered"


def test_describe_ignores_non_scalar_data():
    with translation.override("en"):
        assert describe("customers.customer.created", {"name": ["Budi"]}) == "Customer … registered"


def test_describe_does_not_interpret_braces_in_data():
    with translation.override("en"):
        assert describe("customers.customer.created", {"name": "{object}"}) == "Customer {object} registered"


def test_describe_callable_looks_up_label():
    with translation.override("en"):
        assert describe("customers.consent.given", {"purpose": "surveys"}) == "Consent given for: Satisfaction surveys"


def test_describe_callable_unknown_code_shown_as_is():
    with translation.override("en"):
        assert describe("customers.consent.withdrawn", {"purpose": "x"}) == "Consent withdrawn for: x"


def test_describe_unknown_action():
    with translation.override("en"):
        assert describe("old.action.removed", {}) == "Action old.action.removed"


def test_describe_in_indonesian_differs_from_english():
    with translation.override("en"):
        english = describe("customers.consent.given", {"purpose": "surveys"})
    with translation.override("id"):
        indonesian = describe("customers.consent.given", {"purpose": "surveys"})

    assert english != indonesian


def test_describe_in_indonesian_uses_indonesian_purpose_label():
    with translation.override("id"):
        label = str(ConsentPurpose.SURVEYS.label)
        sentence = describe("customers.consent.given", {"purpose": "surveys"})

    assert sentence.endswith(label)


@pytest.mark.parametrize("language", ["en", "id"])
def test_describe_every_registered_action_renders(language):
    data = {"name": "Budi", "fields": "name", "value": "+62812", "purpose": "surveys", "role": "agent", "user": "x"}

    with translation.override(language):
        sentences = [describe(action, data | {"language": language}) for action in registered_actions()]

    assert all(sentences) is True


def test_describe_updated_customer_unknown_field_shown_as_is():
    with translation.override("en"):
        assert describe("customers.customer.updated", {"fields": "name, contacts, nickname"}) == (
            "Customer details changed (name, contacts, nickname)"
        )
