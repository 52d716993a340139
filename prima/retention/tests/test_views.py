from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from prima.factories import MembershipFactory, UserFactory
from prima.retention.models import CustomerStatus, Interview, InterviewChannel, RetentionSettings, RetentionStatus
from prima.retention.services import ensure_default_reasons
from prima.retention.tests.factories import recent_customer


def test_home_shows_figures_and_lists_to_leader(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.leader).get(reverse("retention:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Budi Hilang" in html and "Citra Ragu" in html and "Dodi Bangunan" in html
    assert response.context["counts"] == {"active": 1, "at_risk": 1, "lost": 2, "won_back": 0}
    assert "<svg" in html


def test_home_is_scoped_to_the_agents_unit(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.agent_a).get(reverse("retention:home"))

    html = response.content.decode()
    assert "Budi Hilang" in html
    assert "Dodi Bangunan" not in html
    assert response.context["counts"]["lost"] == 1


def test_home_shows_figures_without_names_to_trainer(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.trainer).get(reverse("retention:home"))

    assert response.status_code == 200
    assert "Budi Hilang" not in response.content.decode()


def test_home_refuses_people_without_a_role(cast, scene) -> None:  # type: ignore[no-untyped-def]
    outsider = UserFactory()

    assert client_for(outsider).get(reverse("retention:home")).status_code == 403


def test_home_filters_by_unit_and_quarter(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.leader).get(
        reverse("retention:home"), {"unit": cast.unit_b.pk, "granularity": "quarter"}
    )

    assert response.context["counts"]["lost"] == 1
    assert len(response.context["rows"]) == 8


def test_home_ignores_a_unit_outside_the_scope(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.agent_a).get(reverse("retention:home"), {"unit": cast.unit_b.pk})

    assert response.status_code == 200
    assert response.context["counts"]["lost"] == 1  # the invalid choice falls back to the agent's own units


def test_list_shows_at_risk_customers(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.supervisor).get(reverse("retention:list"), {"status": "at_risk"})

    assert [entry.customer.name for entry in response.context["page"]] == ["Citra Ragu"]


def test_list_refuses_trainer(cast, scene) -> None:  # type: ignore[no-untyped-def]
    assert client_for(cast.trainer).get(reverse("retention:list")).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_is_bounded(cast, count, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from prima.retention.detection import scan_lost_customers

    for number in range(count):
        recent_customer(cast.unit_a, (400 + number,))
    scan_lost_customers()
    client = client_for(cast.agent_a)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("retention:list"))

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_is_bounded(cast, count, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from prima.retention.detection import scan_lost_customers

    for number in range(count):
        recent_customer(cast.unit_a, (400 + number,))
        recent_customer(cast.unit_a, (100 + number, 70 + number, 40 + number, 10))
    scan_lost_customers()
    client = client_for(cast.leader)

    with django_assert_max_num_queries(24):
        response = client.get(reverse("retention:home"))

    assert response.context["counts"]["lost"] == count


def test_cohorts_page_shows_share_still_active(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.leader).get(reverse("retention:cohorts"))

    assert response.status_code == 200
    assert sum(cohort.size for cohort in response.context["cohorts"]) == 3  # the 400-day-old visit is before


@pytest.mark.parametrize("count", [1, 3])
def test_cohorts_query_count_is_bounded(cast, count, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from prima.retention.detection import scan_lost_customers

    for number in range(count):
        recent_customer(cast.unit_a, (300 - number, 200, 100))
    scan_lost_customers()
    client = client_for(cast.leader)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("retention:cohorts"))

    assert sum(cohort.size for cohort in response.context["cohorts"]) == count


def test_customer_detail_hides_other_units_customers(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.agent_b).get(reverse("retention:customer", args=[scene.lost_a.pk]))

    assert response.status_code == 404


def test_customer_detail_shows_contacts_only_with_consent(cast, scene) -> None:  # type: ignore[no-untyped-def]
    from prima.factories import ContactFactory

    ContactFactory(customer=scene.lost_a, value="+6281234567890")
    ContactFactory(customer=scene.at_risk_a, value="+6281234567891")
    client = client_for(cast.agent_a)

    with_consent = client.get(reverse("retention:customer", args=[scene.lost_a.pk])).content.decode()
    without = client.get(reverse("retention:customer", args=[scene.at_risk_a.pk])).content.decode()

    assert "0812-3456-7890" in with_consent
    assert "0812-3456-7891" not in without


def _interview_data(cast, **overrides):  # type: ignore[no-untyped-def]
    ensure_default_reasons(cast.organisation)
    reason = cast.organisation.loss_reasons.get(code="slow")
    data = {
        "unit": cast.unit_a.pk,
        "interviewed_on": timezone.localdate().isoformat(),
        "interviewer": cast.agent_a.pk,
        "channel": InterviewChannel.PHONE,
        "reason": reason.pk,
        "notes": "Antrean terlalu lama.",
        "attempt_action": "Ditawari layanan jemput bola",
        "attempt_outcome": "pending",
        "submission_key": "form-1",
    }
    return {**data, **overrides}


def test_interview_create_records_interview_and_attempt(cast, scene) -> None:  # type: ignore[no-untyped-def]
    url = reverse("retention:interview_create", args=[scene.lost_a.pk])

    response = client_for(cast.agent_a).post(url, _interview_data(cast))

    assert response.status_code == 302
    interview = Interview.objects.get()
    assert (interview.customer, interview.unit, interview.reason.code, interview.recorded_by) == (
        scene.lost_a,
        cast.unit_a,
        "slow",
        cast.agent_a,
    )
    assert list(interview.attempts.values_list("action", "outcome")) == [("Ditawari layanan jemput bola", "pending")]


def test_interview_create_twice_with_one_key_records_once(cast, scene) -> None:  # type: ignore[no-untyped-def]
    url = reverse("retention:interview_create", args=[scene.lost_a.pk])
    client = client_for(cast.agent_a)

    client.post(url, _interview_data(cast))
    client.post(url, _interview_data(cast))

    assert Interview.objects.count() == 1


def test_interview_by_phone_needs_consent(cast, scene) -> None:  # type: ignore[no-untyped-def]
    url = reverse("retention:interview_create", args=[scene.at_risk_a.pk])

    response = client_for(cast.agent_a).post(url, _interview_data(cast))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["channel"]
    assert Interview.objects.count() == 0


def test_interview_at_the_counter_needs_no_consent(cast, scene) -> None:  # type: ignore[no-untyped-def]
    url = reverse("retention:interview_create", args=[scene.at_risk_a.pk])

    response = client_for(cast.agent_a).post(url, _interview_data(cast, channel=InterviewChannel.COUNTER))

    assert response.status_code == 302


def test_interview_in_the_future_is_refused(cast, scene) -> None:  # type: ignore[no-untyped-def]
    url = reverse("retention:interview_create", args=[scene.lost_a.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client_for(cast.agent_a).post(url, _interview_data(cast, interviewed_on=tomorrow))

    assert response.status_code == 400
    assert "interviewed_on" in response.context["form"].errors


def test_interview_form_refuses_trainer(cast, scene) -> None:  # type: ignore[no-untyped-def]
    MembershipFactory(user=cast.trainer, unit=cast.unit_a, role="trainer")
    url = reverse("retention:interview_create", args=[scene.lost_a.pk])

    assert client_for(cast.trainer).get(url).status_code == 403


def test_attempt_outcome_can_be_set(cast, scene) -> None:  # type: ignore[no-untyped-def]
    client = client_for(cast.agent_a)
    client.post(reverse("retention:interview_create", args=[scene.lost_a.pk]), _interview_data(cast))
    attempt = Interview.objects.get().attempts.get()

    response = client.post(reverse("retention:attempt_outcome", args=[attempt.pk]), {"outcome": "not_won_back"})

    attempt.refresh_from_db()
    assert (response.status_code, attempt.outcome) == (302, "not_won_back")


def test_attempt_of_another_unit_is_not_found(cast, scene) -> None:  # type: ignore[no-untyped-def]
    client_for(cast.agent_a).post(reverse("retention:interview_create", args=[scene.lost_a.pk]), _interview_data(cast))
    attempt = Interview.objects.get().attempts.get()

    response = client_for(cast.agent_b).post(
        reverse("retention:attempt_outcome", args=[attempt.pk]), {"outcome": "won_back"}
    )

    assert response.status_code == 404


def test_settings_page_for_supervisor_not_agent(cast, scene) -> None:  # type: ignore[no-untyped-def]
    assert client_for(cast.supervisor).get(reverse("retention:settings")).status_code == 200
    assert client_for(cast.agent_a).get(reverse("retention:settings")).status_code == 403


def test_thresholds_change_rescans(cast, scene) -> None:  # type: ignore[no-untyped-def]
    url = reverse("retention:thresholds", args=[cast.unit_b.pk])
    data = {
        "one_off_days": 500,
        "interval_factor": "2.00",
        "minimum_days": 30,
        "repeat_after": 3,
        "at_risk_percent": 50,
    }

    response = client_for(cast.leader).post(url, data)

    assert response.status_code == 302
    assert RetentionSettings.objects.get(unit=cast.unit_b).one_off_days == 500
    assert CustomerStatus.objects.get(customer=scene.lost_b).status == RetentionStatus.AT_RISK


def test_thresholds_of_another_unit_are_not_found_for_supervisor(cast, scene) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.supervisor).get(reverse("retention:thresholds", args=[cast.unit_b.pk]))

    assert response.status_code == 404


def test_thresholds_out_of_range_are_refused(cast, scene) -> None:  # type: ignore[no-untyped-def]
    url = reverse("retention:thresholds", args=[cast.unit_a.pk])
    data = {"one_off_days": 1, "interval_factor": "0.5", "minimum_days": 30, "repeat_after": 3, "at_risk_percent": 50}

    response = client_for(cast.supervisor).post(url, data)

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"one_off_days", "interval_factor"}


def test_reason_can_be_added_and_taken_out_of_use(cast, scene) -> None:  # type: ignore[no-untyped-def]
    client = client_for(cast.leader)
    client.get(reverse("retention:settings"))

    client.post(
        reverse("retention:reason_add", args=[cast.organisation.pk]), {"name_id": "Jam buka tidak cocok", "name_en": ""}
    )
    reason = cast.organisation.loss_reasons.get(code="jam-buka-tidak-cocok")
    client.post(reverse("retention:reason_toggle", args=[reason.pk]))

    reason.refresh_from_db()
    assert (reason.name, reason.is_active) == ({"id": "Jam buka tidak cocok"}, False)


def test_home_warns_when_customer_numbers_fall(cast) -> None:  # type: ignore[no-untyped-def]
    from prima.retention.detection import scan_lost_customers

    for _number in range(3):
        recent_customer(cast.unit_a, (190, 160, 130, 100, 70))  # monthly until 70 days ago: lost 10 days ago
    scan_lost_customers()

    response = client_for(cast.supervisor).get(reverse("retention:home"))

    assert response.context["trend"] == -3
    assert 'id="falling-warning"' in response.content.decode()
