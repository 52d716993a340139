import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prima.improvement.measure import MetricCache
from prima.improvement.models import TargetLevel
from prima.improvement.queries import objective_status, objectives_visible_to
from prima.improvement.services import add_target, cascade_target, create_objective, update_target

pytestmark = pytest.mark.django_db

JAN = dt.date(2026, 1, 1)
DEC = dt.date(2026, 12, 31)


HEAD_OFFICE = object()


def objective_of(cast, unit=HEAD_OFFICE, **overrides):
    values = {
        "organisation": cast.organisation,
        "unit": cast.head_office if unit is HEAD_OFFICE else unit,
        "title": {"id": "Kepuasan masyarakat meningkat", "en": "Higher public satisfaction"},
        "goal": "Masyarakat puas dengan layanan perizinan.",
        "guideline": {"id": "Pedoman: survei SKM tiap bulan."},
        "period_start": JAN,
        "period_end": DEC,
        "actor": cast.leader,
    }
    values.update(overrides)
    return create_objective(**values)


def error_codes(error: ValidationError) -> dict[str, list[str]]:
    return {name: [e.code or "" for e in errors] for name, errors in error.error_dict.items()}


def test_create_objective_stores_goal_and_guideline_bilingually(cast):
    objective = objective_of(cast)

    assert (objective.title, objective.goal, objective.guideline) == (
        {"id": "Kepuasan masyarakat meningkat", "en": "Higher public satisfaction"},
        {"id": "Masyarakat puas dengan layanan perizinan."},
        {"id": "Pedoman: survei SKM tiap bulan."},
    )


def test_create_objective_refused_to_a_supervisor(cast):
    with pytest.raises(PermissionDenied):
        objective_of(cast, unit=cast.unit_a, actor=cast.supervisor)


def test_create_objective_for_the_organisation_by_a_top_leader(cast):
    objective = objective_of(cast, unit=None)

    assert (objective.unit, objective.level) == (None, "organisation")


def test_create_objective_rejects_a_reversed_period(cast):
    with pytest.raises(ValidationError) as raised:
        objective_of(cast, period_start=DEC, period_end=JAN)

    assert error_codes(raised.value) == {"period_end": ["period_order"]}


def test_add_target_rejects_an_unknown_metric(cast):
    objective = objective_of(cast)

    with pytest.raises(ValidationError) as raised:
        add_target(objective, metric_code="tidak.ada", target_value=80, actor=cast.leader)

    assert error_codes(raised.value) == {"metric_code": ["unknown_metric"]}


def test_add_target_rejects_a_metric_without_the_objective_level(cast, satisfaction):
    from prima.core.metrics import Direction, Metric, ScopeLevel, register, unregister

    register(Metric(code="test.person_only", label="x", compute=lambda *a: None, levels=frozenset({ScopeLevel.PERSON})))
    try:
        with pytest.raises(ValidationError) as raised:
            add_target(objective_of(cast), metric_code="test.person_only", target_value=1, actor=cast.leader)
    finally:
        unregister("test.person_only")

    assert error_codes(raised.value) == {"metric_code": ["unsupported_level"]}
    assert Direction.HIGHER  # the import is used by the registration above


def test_objective_status_computes_the_actual_live_with_benchmarks(cast, satisfaction):
    objective = objective_of(cast)
    add_target(
        objective,
        metric_code="test.satisfaction",
        target_value="80",
        actor=cast.leader,
        benchmarks=[("Tahun lalu", "76.5"), ("Kompetitor", 82)],
    )
    satisfaction.add(dt.date(2026, 2, 10), 78, unit_id=cast.head_office.pk)
    satisfaction.add(dt.date(2026, 3, 10), 86, unit_id=cast.head_office.pk)

    [status] = objective_status(objective, on=dt.date(2026, 3, 31))

    assert (status.actual, status.met, status.target_value) == (Decimal("82.00"), True, Decimal("80.0000"))
    assert [(b.label, b.value) for b in status.benchmarks] == [
        ("Tahun lalu", Decimal("76.5000")),
        ("Kompetitor", Decimal("82.0000")),
    ]


def test_objective_status_trend_is_one_point_per_month_so_far(cast, satisfaction):
    objective = objective_of(cast)
    add_target(objective, metric_code="test.satisfaction", target_value=80, actor=cast.leader)
    satisfaction.add(dt.date(2026, 2, 10), 78, unit_id=cast.head_office.pk)
    satisfaction.add(dt.date(2026, 3, 10), 86, unit_id=cast.head_office.pk)

    [status] = objective_status(objective, on=dt.date(2026, 3, 15))

    assert [(p.start, p.end, p.value) for p in status.trend] == [
        (dt.date(2026, 1, 1), dt.date(2026, 2, 1), None),
        (dt.date(2026, 2, 1), dt.date(2026, 3, 1), Decimal("78.00")),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 16), Decimal("86.00")),
    ]


def test_objective_status_follows_the_metric_direction(cast, waiting):
    objective = objective_of(cast)
    add_target(objective, metric_code="test.waiting_minutes", target_value=15, actor=cast.leader)
    waiting.add(dt.date(2026, 1, 5), 20, unit_id=cast.head_office.pk)

    [status] = objective_status(objective, on=dt.date(2026, 1, 31))

    assert (status.actual, status.met) == (Decimal("20.00"), False)


def test_objective_status_without_data_is_not_judged(cast, satisfaction):
    objective = objective_of(cast)
    add_target(objective, metric_code="test.satisfaction", target_value=80, actor=cast.leader)

    [status] = objective_status(objective, on=dt.date(2026, 1, 31))

    assert (status.actual, status.met) == (None, None)


def test_objective_status_reuses_the_request_cache(cast, satisfaction):
    objective = objective_of(cast)
    add_target(objective, metric_code="test.satisfaction", target_value=80, actor=cast.leader)
    cache = MetricCache()

    objective_status(objective, on=dt.date(2026, 2, 15), cache=cache)
    calls = len(satisfaction.calls)
    objective_status(objective, on=dt.date(2026, 2, 15), cache=cache)

    assert (calls, len(satisfaction.calls)) == (3, 3)


def test_update_target_replaces_the_benchmarks(cast, satisfaction):
    target = add_target(
        objective_of(cast),
        metric_code="test.satisfaction",
        target_value=80,
        actor=cast.leader,
        benchmarks=[("Tahun lalu", 70)],
    )

    update_target(target, target_value=85, actor=cast.leader, benchmarks=[("Nasional", 81)])

    assert [(b.label, b.value) for b in target.benchmarks.all()] == [("Nasional", Decimal("81.0000"))]


def test_cascade_target_to_child_units_and_people_shows_each_actual(cast, satisfaction):
    objective = objective_of(cast)
    target = add_target(objective, metric_code="test.satisfaction", target_value=80, actor=cast.leader)
    unit_targets = cascade_target(target, actor=cast.leader)
    [a_target] = [child for child in unit_targets if child.unit == cast.unit_a]
    [person_target] = cascade_target(a_target, actor=cast.leader, people=[cast.agent_a], target_value=85)
    satisfaction.add(dt.date(2026, 1, 10), 90, unit_id=cast.unit_a.pk, user_id=cast.agent_a.pk)
    satisfaction.add(dt.date(2026, 1, 11), 70, unit_id=cast.unit_b.pk)

    [status] = objective_status(objective, on=dt.date(2026, 1, 31))

    tree = [
        (child.target.unit.name, child.actual, child.met, [(g.target.person, g.actual, g.met) for g in child.children])
        for child in status.children
    ]
    assert tree == [
        ("Perizinan Usaha", Decimal("90.00"), True, [(cast.agent_a, Decimal("90.00"), True)]),
        ("Perizinan Bangunan", Decimal("70.00"), False, []),
    ]
    assert (person_target.level, person_target.parent, person_target.target_value) == (
        TargetLevel.PERSON,
        a_target,
        Decimal("85.0000"),
    )


def test_cascade_target_twice_adds_nothing(cast, satisfaction):
    target = add_target(objective_of(cast), metric_code="test.satisfaction", target_value=80, actor=cast.leader)
    cascade_target(target, actor=cast.leader)

    assert cascade_target(target, actor=cast.leader) == []


def test_cascade_target_to_people_needs_a_person_level_metric(cast, waiting):
    objective = objective_of(cast, unit=cast.unit_a)
    target = add_target(objective, metric_code="test.waiting_minutes", target_value=15, actor=cast.leader)

    with pytest.raises(ValidationError) as raised:
        cascade_target(target, actor=cast.leader, units=[], people=[cast.agent_a])

    assert error_codes(raised.value) == {"people": ["unsupported_level"]}


def test_cascade_target_refuses_a_unit_that_is_not_a_child(cast, satisfaction):
    target = add_target(
        objective_of(cast, unit=cast.unit_a), metric_code="test.satisfaction", target_value=80, actor=cast.leader
    )

    with pytest.raises(ValidationError) as raised:
        cascade_target(target, actor=cast.leader, units=[cast.unit_b])

    assert error_codes(raised.value) == {"units": ["not_a_child"]}


def test_objectives_visible_to_each_role(cast, satisfaction):
    head = objective_of(cast)
    unit_b_only = objective_of(cast, unit=cast.unit_b)
    target = add_target(head, metric_code="test.satisfaction", target_value=80, actor=cast.leader)
    [a_target, _b] = sorted(cascade_target(target, actor=cast.leader), key=lambda t: t.unit.name != "Perizinan Usaha")
    cascade_target(a_target, actor=cast.leader, units=[], people=[cast.agent_a])
    from prima.factories import MembershipFactory, OrganisationFactory, ServiceUnitFactory, UserFactory

    outsider = UserFactory()
    MembershipFactory(user=outsider, unit=ServiceUnitFactory(organisation=OrganisationFactory()), role="leader")

    visible = {
        name: set(objectives_visible_to(user))
        for name, user in {
            "leader": cast.leader,
            "supervisor": cast.supervisor,
            "agent_a": cast.agent_a,
            "agent_b": cast.agent_b,
            "outsider": outsider,
        }.items()
    }

    assert visible == {
        "leader": {head, unit_b_only},
        "supervisor": {head},
        "agent_a": {head},
        "agent_b": {head},
        "outsider": set(),
    }
