"""The over-promise check run before a plan is published.

A customer-facing plan item speaks to the public. When it names a service, what it promises must not go beyond
what the unit has published for that service, or the plan would promise something the standard does not back.
The rule, kept deliberately simple:

1. A customer-facing item that names a service needs a *published* standard for that service.
2. A promised time limit must be written in the same unit as the published standard's time limit (working days,
   calendar days or working hours — they cannot be converted into each other without a calendar) and must not be
   shorter than it.
3. A promised fee must not be lower than the published standard's fee.
4. Rules 2 and 3 do not apply when the item is tied to a draft (or approved, not yet published) version of the
   same service's standard: the item then announces that standard change, which has its own approval path.
   Rule 1 still applies.

Items that are not customer-facing, or that name no service, are not checked. The check only reads.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from prima.core.money import format_rupiah as rupiah
from prima.plans.models import Plan, PlanItem
from prima.standards.models import OPEN_STATUSES, ServiceStandard
from prima.standards.queries import standard_in_force


@dataclass(frozen=True)
class OverPromise:
    item: PlanItem
    message: str

    def __str__(self) -> str:
        return self.message


def _ties_to_standard_change(item: PlanItem) -> bool:
    change: ServiceStandard | None = item.standard_change
    return change is not None and change.service_id == item.service_id and change.status in OPEN_STATUSES


def check_item(item: PlanItem) -> list[OverPromise]:
    """What is wrong with one item's promise; empty when it keeps within the published standard."""
    if not item.customer_facing or item.service_id is None:
        return []
    values = {"item": item.title, "service": str(item.service)}
    standard = standard_in_force(item.service_id)
    if standard is None:
        message = _("“%(item)s” promises something for %(service)s, which has no published service standard.")
        return [OverPromise(item, message % values)]
    if _ties_to_standard_change(item):
        return []
    problems: list[OverPromise] = []
    promised_time = item.promised_time_limit()
    standard_time = standard.time_limit()
    if promised_time is not None and standard_time is not None:
        if promised_time.unit != standard_time.unit:
            message = _(
                "“%(item)s” promises %(promised)s, but the standard of %(service)s counts in another unit "
                "(%(standard)s); write the promise in the same unit."
            )
            problems.append(
                OverPromise(item, message % {**values, "promised": promised_time, "standard": standard_time})
            )
        elif promised_time.value < standard_time.value:
            message = _(
                "“%(item)s” promises %(promised)s, shorter than the published standard of %(service)s "
                "(%(standard)s). Tie the item to a draft change of the standard, or keep to the standard."
            )
            problems.append(
                OverPromise(item, message % {**values, "promised": promised_time, "standard": standard_time})
            )
    standard_fee = standard.fee_amount()
    if item.promised_fee is not None and standard_fee is not None and item.promised_fee < standard_fee:
        message = _(
            "“%(item)s” promises a fee of %(promised)s, lower than the published standard of %(service)s "
            "(%(standard)s). Tie the item to a draft change of the standard, or keep to the standard."
        )
        problems.append(
            OverPromise(
                item, message % {**values, "promised": rupiah(item.promised_fee), "standard": rupiah(standard_fee)}
            )
        )
    return problems


def over_promises(plan: Plan) -> list[OverPromise]:
    """Every over-promise of the plan's customer-facing items, in item order."""
    items = (
        PlanItem.objects.filter(plan=plan, customer_facing=True, service__isnull=False)
        .select_related("service", "standard_change")
        .order_by("due_date", "id")
    )
    problems: list[OverPromise] = []
    for item in items:
        problems.extend(check_item(item))
    return problems
