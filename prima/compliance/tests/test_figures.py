"""Hand-computed compliance figures for March 2026 in unit A, from requests whose SLA history is made through the
real request services and breach scan.

Policy (unit A, every kind): first response 1 calendar day, regular update every 2 days, resolution 5 days.

=====  ===========  =========================================  ==================================================
req.   owner        history (WIB)                              outcome in March
=====  ===========  =========================================  ==================================================
T1     agent_a      in 2 Mar 09:00, reply 2 Mar 10:00,         FR within, update within, resolution within
                    resolved 3 Mar 09:00
T2     agent_a      in 3 Mar 09:00, scan 4 Mar 10:00 (FR due   FR missed, update missed (due 6 Mar 11:00),
                    4 Mar 09:00), reply 4 Mar 11:00, scan      resolution within
                    7 Mar 12:00, resolved 7 Mar 13:00
T3     agent_a      in 26 Feb 09:00, reply 26 Feb 10:00,       resolution missed (due 3 Mar); its update breach
                    scan 5 Mar 10:00, resolved 10 Mar          fell due 28 Feb: not March
T5     agent_a      complaint in 20 Mar 09:00, scan 31 Mar     FR missed (due 21 Mar), update missed (22 Mar),
                    23:00, still open                          resolution missed (25 Mar)
T6     supervisor   in 10 Mar 09:00, reply 10 Mar 10:00,       FR within, update within; resolution paused
                    waiting for the customer 11 Mar
T4     agent_b      unit B (no policy), reply 2 Mar            not counted in unit A; no target anywhere
=====  ===========  =========================================  ==================================================

Unit A: FR 2 within / 2 missed = 50 %; update 2 / 2 = 50 %; resolution 2 / 2 = 50 %.
agent_a: FR 1/3 = 33.33 %; update 1/3 = 33.33 %; resolution 2/4 = 50 %. supervisor: FR 1/1, update 1/1.
Breaches due in March: FR 2 (T2, T5), update 2 (T2, T5), resolution 2 (T3, T5) = 6, all while agent_a owned them.
Open now (1 April): T5 (overdue) and T6 (paused, not overdue).
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from prima.compliance.dashboard import Period, person_dashboard, unit_dashboard
from prima.compliance.models import ItemResult
from prima.compliance.queries import Scope, governing_policy, open_load, within_standard
from prima.core.metrics import MetricScope, get_metric
from prima.sla.choices import ClockKind, ClockMode, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.sla.queries import policy_for_ticket
from prima.sla.services import create_policy
from prima.tickets.models import Ticket

from .conftest import at, moved, received, replied, scanned
from .factories import completed_audit, custom_checklist

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 4, 1), WIB)
APRIL_1 = at(2026, 4, 1, 10)
P, F, NA = ItemResult.PASS, ItemResult.FAIL, ItemResult.NOT_APPLICABLE


@pytest.fixture
def march(cast):
    create_policy(
        cast.organisation,
        unit=cast.unit_a,
        name="Layanan umum",
        targets=[
            TargetSpec(ClockKind.FIRST_RESPONSE, 1, TimeUnit.DAYS, ClockMode.CALENDAR),
            TargetSpec(ClockKind.PERIODIC_UPDATE, 2, TimeUnit.DAYS, ClockMode.CALENDAR),
            TargetSpec(ClockKind.RESOLUTION, 5, TimeUnit.DAYS, ClockMode.CALENDAR),
        ],
        effective_from=at(2026, 1, 1),
        actor=None,
    )
    agent, supervisor = cast.agent_a, cast.supervisor
    t3 = received(cast.unit_a, at(2026, 2, 26, 9), owner=agent)
    replied(t3, at(2026, 2, 26, 10), agent)
    t1 = received(cast.unit_a, at(2026, 3, 2, 9), owner=agent)
    replied(t1, at(2026, 3, 2, 10), agent)
    t4 = received(cast.unit_b, at(2026, 3, 2, 9), owner=cast.agent_b)
    replied(t4, at(2026, 3, 2, 11), cast.agent_b)
    moved(t1, at(2026, 3, 3, 9), "resolved", agent)
    t2 = received(cast.unit_a, at(2026, 3, 3, 9), owner=agent)
    scanned(at(2026, 3, 4, 10))
    replied(t2, at(2026, 3, 4, 11), agent)
    scanned(at(2026, 3, 5, 10))
    scanned(at(2026, 3, 7, 12))
    moved(t2, at(2026, 3, 7, 13), "resolved", agent)
    t6 = received(cast.unit_a, at(2026, 3, 10, 9), owner=supervisor)
    replied(t6, at(2026, 3, 10, 10), supervisor)
    moved(t3, at(2026, 3, 10, 11), "resolved", agent)
    moved(t6, at(2026, 3, 11, 9), "waiting_customer", supervisor)
    received(cast.unit_a, at(2026, 3, 20, 9), owner=agent, kind="complaint")
    scanned(at(2026, 3, 31, 23))
    return cast


def percents(dashboard):
    return {clock: dashboard.figures.share(clock).percent for clock in dashboard.clocks}


def test_unit_dashboard_within_standard(march):
    dashboard = unit_dashboard(march.unit_a, MARCH, now=APRIL_1)

    shares = {clock: (share.within, share.missed) for clock, share in dashboard.figures.shares.items()}
    assert shares == {
        ClockKind.FIRST_RESPONSE: (2, 2),
        ClockKind.PERIODIC_UPDATE: (2, 2),
        ClockKind.RESOLUTION: (2, 2),
    }
    assert percents(dashboard)[ClockKind.FIRST_RESPONSE] == Decimal("50.00")


def test_unit_dashboard_breaches_and_load(march):
    dashboard = unit_dashboard(march.unit_a, MARCH, now=APRIL_1)

    assert dashboard.figures.breaches == {
        ClockKind.FIRST_RESPONSE: 2,
        ClockKind.PERIODIC_UPDATE: 2,
        ClockKind.RESOLUTION: 2,
    }
    assert (dashboard.figures.load.open, dashboard.figures.load.overdue) == (2, 1)


def test_unit_dashboard_people(march):
    dashboard = unit_dashboard(march.unit_a, MARCH, now=APRIL_1)

    rows = {row.person.email: row.figures for row in dashboard.people}
    assert sorted(rows) == ["koordinator@prima.test", "petugas.a@prima.test"]
    agent, supervisor = rows["petugas.a@prima.test"], rows["koordinator@prima.test"]
    assert [agent.share(clock).percent for clock in dashboard.clocks] == [
        Decimal("33.33"),
        Decimal("33.33"),
        Decimal("50.00"),
    ]
    assert [supervisor.share(clock).percent for clock in dashboard.clocks] == [
        Decimal("100.00"),
        Decimal("100.00"),
        None,
    ]
    assert (agent.breach_total, supervisor.breach_total) == (6, 0)
    assert (agent.load.open, agent.load.overdue, supervisor.load.open, supervisor.load.overdue) == (1, 1, 1, 0)


def test_person_dashboard_matches_the_row_of_the_unit_view(march):
    dashboard = person_dashboard(march.agent_a, MARCH, now=APRIL_1)

    assert percents(dashboard) == {
        ClockKind.FIRST_RESPONSE: Decimal("33.33"),
        ClockKind.PERIODIC_UPDATE: Decimal("33.33"),
        ClockKind.RESOLUTION: Decimal("50.00"),
    }
    assert dashboard.figures.breach_total == 6


def test_february_counts_what_was_decided_in_february(march):
    february = Period(dt.date(2026, 2, 1), dt.date(2026, 3, 1), WIB)

    dashboard = unit_dashboard(march.unit_a, february, now=APRIL_1, with_people=False)

    shares = {clock: (share.within, share.missed) for clock, share in dashboard.figures.shares.items()}
    # T3's first reply (26 Feb) was within; its update promise fell due unmet on 28 Feb.
    assert shares == {
        ClockKind.FIRST_RESPONSE: (1, 0),
        ClockKind.PERIODIC_UPDATE: (0, 1),
        ClockKind.RESOLUTION: (0, 0),
    }
    assert dashboard.figures.share(ClockKind.RESOLUTION).percent is None


def test_trend_has_the_month_figures(march):
    dashboard = unit_dashboard(march.unit_a, MARCH, now=APRIL_1, with_people=False)

    by_month = {row.month: row for row in dashboard.trend}
    assert len(dashboard.trend) == 12
    assert dashboard.trend[-1].month == dt.date(2026, 3, 1)
    march_row, february_row = by_month[dt.date(2026, 3, 1)], by_month[dt.date(2026, 2, 1)]
    assert [(march_row.share(c).within, march_row.share(c).missed) for c in dashboard.clocks] == [
        (2, 2),
        (2, 2),
        (2, 2),
    ]
    assert [(february_row.share(c).within, february_row.share(c).missed) for c in dashboard.clocks] == [
        (1, 0),
        (0, 1),
        (0, 0),
    ]
    assert (march_row.breach_total, february_row.breach_total) == (6, 1)


def test_audit_scores_latest_and_average(march):
    checklist = custom_checklist(march.unit_a, march.supervisor, items=4)
    completed_audit(
        checklist, unit=march.unit_a, actor=march.supervisor, results=[P, P, F, NA], audit_date=dt.date(2026, 3, 5)
    )
    completed_audit(
        checklist,
        unit=march.unit_a,
        actor=march.supervisor,
        results=[P, F, F, NA],
        audit_date=dt.date(2026, 3, 20),
        person=march.agent_a,
    )

    unit = unit_dashboard(march.unit_a, MARCH, now=APRIL_1)
    person = {row.person.pk: row.figures.audits for row in unit.people}[march.agent_a.pk]

    # 2/3 = 66.67 and 1/3 = 33.33: average 50.00, the latest (20 March) 33.33.
    assert (unit.figures.audits.count, unit.figures.audits.average, unit.figures.audits.latest) == (
        2,
        Decimal("50.00"),
        Decimal("33.33"),
    )
    assert (person.count, person.average, person.latest) == (1, Decimal("33.33"), Decimal("33.33"))


def test_metrics_registered_values(march):
    organisation = MetricScope(march.organisation.pk)
    unit = MetricScope(march.organisation.pk, unit_id=march.unit_a.pk)
    person = MetricScope(march.organisation.pk, user_id=march.agent_a.pk)
    start, end = dt.date(2026, 3, 1), dt.date(2026, 4, 1)

    def value(code, scope):
        return get_metric(code).value(scope, start, end)

    assert value("compliance.first_response_within_standard", unit) == Decimal("50.00")
    assert value("compliance.update_within_standard", person) == Decimal("33.33")
    assert value("compliance.resolution_within_standard", organisation) == Decimal("50.00")
    assert value("compliance.breaches", unit) == Decimal(6)
    # Unit A received T1, T2, T5 (complaint), T6 in March; the organisation also T4: 1 000 * 1/4 and 1/5.
    assert value("tickets.complaint_rate", unit) == Decimal("250.00")
    assert value("tickets.complaint_rate", organisation) == Decimal("200.00")
    # Open at the end of March: T5 and T6 (paused); at the end of February: T3.
    assert value("tickets.open_load", unit) == Decimal(2)
    assert get_metric("tickets.open_load").value(unit, dt.date(2026, 2, 1), dt.date(2026, 3, 1)) == Decimal(1)


def test_metric_audit_score(march):
    checklist = custom_checklist(march.unit_a, march.supervisor, items=2)
    completed_audit(
        checklist, unit=march.unit_a, actor=march.supervisor, results=[P, F], audit_date=dt.date(2026, 3, 5)
    )
    completed_audit(
        checklist, unit=march.unit_a, actor=march.supervisor, results=[P, P], audit_date=dt.date(2026, 4, 2)
    )
    unit = MetricScope(march.organisation.pk, unit_id=march.unit_a.pk)

    assert get_metric("compliance.audit_score").value(unit, dt.date(2026, 3, 1), dt.date(2026, 4, 1)) == Decimal(
        "50.00"
    )
    assert get_metric("compliance.audit_score").value(unit, dt.date(2026, 3, 1), dt.date(2026, 5, 1)) == Decimal(
        "75.00"
    )
    assert get_metric("compliance.audit_score").value(unit, dt.date(2026, 1, 1), dt.date(2026, 2, 1)) is None


def test_metrics_refuse_unsupported_levels(cast):
    with pytest.raises(ValueError):
        get_metric("tickets.complaint_rate").value(
            MetricScope(cast.organisation.pk, user_id=cast.agent_a.pk), dt.date(2026, 3, 1), dt.date(2026, 4, 1)
        )


def test_no_requests_means_no_percentage(cast):
    share = within_standard(Scope.of_unit(cast.unit_a), ClockKind.FIRST_RESPONSE, MARCH.start_at, MARCH.end_at)

    assert (share.total, share.percent) == (0, None)
    assert open_load(Scope.of_unit(cast.unit_a), APRIL_1).open == 0


def test_governing_policy_in_sql_matches_select_policy(cast):
    """The SQL choice of policy agrees with ``prima.sla.queries.select_policy`` across kinds, priorities, units
    and versions."""
    targets = [TargetSpec(ClockKind.RESOLUTION, 5, TimeUnit.DAYS, ClockMode.CALENDAR)]
    create_policy(cast.organisation, name="Org", targets=targets, effective_from=at(2026, 1, 1), actor=None)
    create_policy(
        cast.organisation,
        name="Org keluhan",
        kind="complaint",
        targets=targets,
        effective_from=at(2026, 1, 1),
        actor=None,
    )
    create_policy(
        cast.organisation,
        unit=cast.head_office,
        name="Pusat urgen",
        priority="urgent",
        targets=targets,
        effective_from=at(2026, 1, 1),
        actor=None,
    )
    create_policy(
        cast.organisation, unit=cast.unit_a, name="A", targets=targets, effective_from=at(2026, 1, 1), actor=None
    )
    tickets = [
        received(cast.unit_a, at(2026, 3, 2, 9)),
        received(cast.unit_a, at(2026, 3, 2, 9), kind="complaint"),
        received(cast.unit_a, at(2026, 3, 2, 9), priority="urgent"),
        received(cast.unit_b, at(2026, 3, 2, 9)),
        received(cast.unit_b, at(2026, 3, 2, 9), priority="urgent"),
        received(cast.unit_b, at(2026, 3, 2, 9), kind="complaint", priority="urgent"),
        received(cast.head_office, at(2026, 3, 2, 9)),
    ]

    in_sql = dict(Ticket.objects.annotate(policy=governing_policy()).values_list("pk", "policy"))

    assert in_sql == {ticket.pk: policy_for_ticket(ticket).pk for ticket in tickets}


def test_trend_labels_follow_the_language(march):
    with translation.override("en"):
        dashboard = unit_dashboard(march.unit_a, MARCH, now=APRIL_1, with_people=False)
        label = dashboard.trend[-1].label

    assert label == "March 2026"
