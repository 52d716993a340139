"""``{% public_plans unit as plans %}``: a unit's published plans with their customer-facing items, for the
public summary include that other apps' public pages embed."""

from __future__ import annotations

from django import template

from prima.accounts.models import ServiceUnit
from prima.plans.models import Plan
from prima.plans.queries import public_plans_of

register = template.Library()


@register.simple_tag
def public_plans(unit: ServiceUnit | None) -> list[Plan]:
    if not isinstance(unit, ServiceUnit):
        return []
    return list(public_plans_of(unit))
