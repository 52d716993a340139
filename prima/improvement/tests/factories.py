"""factory_boy factories for the improvement tests (built through the ORM; behaviour tests call the services)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from prima.factories import ServiceUnitFactory, UserFactory
from prima.improvement.models import (
    Action,
    ActionKind,
    ActionStatus,
    ChangeEntry,
    ChangeKind,
    ChangeOrigin,
    Objective,
    ProposedAction,
    SourceKind,
)


class ObjectiveFactory(DjangoModelFactory[Objective]):
    class Meta:
        model = Objective

    unit = factory.SubFactory(ServiceUnitFactory)
    organisation = factory.SelfAttribute("unit.organisation")
    title = factory.Sequence(lambda n: {"id": f"Sasaran mutu {n}"})
    period_start = dt.date(2026, 1, 1)
    period_end = dt.date(2026, 12, 31)
    created_by = factory.SubFactory(UserFactory)


class ChangeEntryFactory(DjangoModelFactory[ChangeEntry]):
    class Meta:
        model = ChangeEntry

    unit = factory.SubFactory(ServiceUnitFactory)
    organisation = factory.SelfAttribute("unit.organisation")
    kind = ChangeKind.REGULATION
    origin = ChangeOrigin.EXTERNAL
    title = factory.Sequence(lambda n: f"Perubahan regulasi {n}")
    impact = 3
    likelihood = 4
    rating = factory.LazyAttribute(lambda entry: entry.impact * entry.likelihood)
    created_by = factory.SubFactory(UserFactory)


class ActionFactory(DjangoModelFactory[Action]):
    class Meta:
        model = Action

    unit = factory.SubFactory(ServiceUnitFactory)
    organisation = factory.SelfAttribute("unit.organisation")
    kind = ActionKind.CORRECTIVE
    title = factory.Sequence(lambda n: f"Perbaikan alur antrean {n}")
    source_kind = SourceKind.COMPLAINT
    owner = factory.SubFactory(UserFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    status = ActionStatus.OPEN
    created_by = factory.SubFactory(UserFactory)
    baseline_value = None


class ProposedActionFactory(DjangoModelFactory[ProposedAction]):
    class Meta:
        model = ProposedAction

    unit = factory.SubFactory(ServiceUnitFactory)
    organisation = factory.SelfAttribute("unit.organisation")
    source_kind = SourceKind.COMPLAINT_CLUSTER
    title = factory.Sequence(lambda n: f"Keluhan berulang {n}")


__all__ = ["ActionFactory", "ChangeEntryFactory", "ObjectiveFactory", "ProposedActionFactory"]
