"""Plan figures in the metric registry (``prima.core.metrics``), computed in the database.

* ``plans.staff_participation``: the percentage of a unit's staff (the unit and the units below it) who proposed,
  commented on or voted for an improvement idea of their organisation in the period. None when the unit has no
  staff.
* ``plans.acknowledgement_rate``: of the staff told about the plans published in the period (by the unit or the
  units below it, or by the whole organisation), the percentage who have acknowledged them. None when no plan was
  published in the period.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Membership, ServiceUnit, User
from prima.core.metrics import Metric, MetricScope, ScopeLevel, register
from prima.plans.models import Acknowledgement, Idea, IdeaComment, IdeaVote
from prima.plans.queries import local_bounds


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def staff_participation(scope: MetricScope, start: date, end: date) -> Decimal | None:
    if scope.unit_id is None:
        return None
    unit = ServiceUnit.objects.filter(pk=scope.unit_id, organisation_id=scope.organisation_id).first()
    if unit is None:
        return None
    low, high = local_bounds(start, end)
    in_organisation = Q(idea__unit__organisation_id=scope.organisation_id)
    staff = User.objects.filter(is_active=True).filter(
        Exists(Membership.objects.filter(user=OuterRef("pk"), unit__path__startswith=unit.path, unit__is_active=True))
    )
    proposed = Idea.objects.filter(
        author=OuterRef("pk"), unit__organisation_id=scope.organisation_id, created_at__gte=low, created_at__lt=high
    )
    commented = IdeaComment.objects.filter(
        in_organisation, author=OuterRef("pk"), created_at__gte=low, created_at__lt=high
    )
    voted = IdeaVote.objects.filter(in_organisation, voter=OuterRef("pk"), created_at__gte=low, created_at__lt=high)
    took_part = Q(Exists(proposed)) | Q(Exists(commented)) | Q(Exists(voted))
    counts = staff.aggregate(total=Count("pk"), active=Count("pk", filter=took_part))
    return _percent(counts["active"], counts["total"])


def acknowledgement_rate(scope: MetricScope, start: date, end: date) -> Decimal | None:
    low, high = local_bounds(start, end)
    rows = Acknowledgement.objects.filter(
        plan__unit__organisation_id=scope.organisation_id, plan__published_at__gte=low, plan__published_at__lt=high
    )
    if scope.unit_id is not None:
        unit = ServiceUnit.objects.filter(pk=scope.unit_id).first()
        if unit is None:
            return None
        rows = rows.filter(plan__unit__path__startswith=unit.path)
    counts = rows.aggregate(total=Count("pk"), done=Count("pk", filter=Q(acknowledged_at__isnull=False)))
    return _percent(counts["done"], counts["total"])


register(
    Metric(
        code="plans.staff_participation",
        label=_("Staff taking part in improvement plans"),
        compute=staff_participation,
        unit_label="%",
        decimals=1,
        levels=frozenset({ScopeLevel.UNIT}),
        description=_("Share of the unit's staff who proposed, commented on or voted for an improvement idea."),
    )
)
register(
    Metric(
        code="plans.acknowledgement_rate",
        label=_("Published plans acknowledged by staff"),
        compute=acknowledgement_rate,
        unit_label="%",
        decimals=1,
        description=_("Share of the staff told about plans published in the period who acknowledged them."),
    )
)
