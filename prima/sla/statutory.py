"""The public-sector complaint time limits as data, for a unit to adopt (``services.adopt_template``) and
then change like any policy.

Sources (``../shared/docs/domain.md`` §3, §7): verification ≤ 3 working days and agency follow-up ≤ 5
working days after disposition (SP4N-LAPOR!); a written answer ≤ 14 days from receipt and a decision ≤ 60
days from the complaint file being complete (UU 25/2009, Perpres 76/2013). Whether the law's "hari" are
calendar or working days is not confirmed, so both readings are offered; the default reads them as
calendar days. "Disposition" and "file complete" are both recorded in Prima as the complaint's
verification, so the follow-up and resolution clocks start there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from prima.sla.choices import ClockKind, ClockMode, StartEvent, TimeUnit
from prima.sla.clocks import TargetSpec
from prima.tickets.choices import RequestKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STATUTORY_CALENDAR_DAYS = "statutory-complaints"
STATUTORY_WORKING_DAYS = "statutory-complaints-working-days"


@dataclass(frozen=True)
class PolicyTemplate:
    code: str
    name: StrOrPromise
    kind: str
    targets: tuple[TargetSpec, ...]


def _lapor_targets() -> tuple[TargetSpec, ...]:
    return (
        TargetSpec(ClockKind.VERIFICATION, 3, TimeUnit.DAYS, ClockMode.WORKING, StartEvent.RECEIVED),
        TargetSpec(ClockKind.FOLLOW_UP, 5, TimeUnit.DAYS, ClockMode.WORKING, StartEvent.VERIFIED),
    )


def statutory_complaint_templates() -> tuple[PolicyTemplate, ...]:
    """The statutory complaint limits, in two readings of "days". No side effects."""
    return (
        PolicyTemplate(
            code=STATUTORY_CALENDAR_DAYS,
            name=_("Complaints: statutory limits (answer in 14 days, resolve in 60 days)"),
            kind=RequestKind.COMPLAINT,
            targets=(
                *_lapor_targets(),
                TargetSpec(ClockKind.FIRST_RESPONSE, 14, TimeUnit.DAYS, ClockMode.CALENDAR, StartEvent.RECEIVED),
                TargetSpec(ClockKind.RESOLUTION, 60, TimeUnit.DAYS, ClockMode.CALENDAR, StartEvent.VERIFIED),
            ),
        ),
        PolicyTemplate(
            code=STATUTORY_WORKING_DAYS,
            name=_("Complaints: statutory limits read as working days (answer in 14, resolve in 60)"),
            kind=RequestKind.COMPLAINT,
            targets=(
                *_lapor_targets(),
                TargetSpec(ClockKind.FIRST_RESPONSE, 14, TimeUnit.DAYS, ClockMode.WORKING, StartEvent.RECEIVED),
                TargetSpec(ClockKind.RESOLUTION, 60, TimeUnit.DAYS, ClockMode.WORKING, StartEvent.VERIFIED),
            ),
        ),
    )


def template_by_code(code: str) -> PolicyTemplate:
    """Raises KeyError for an unknown code."""
    for template in statutory_complaint_templates():
        if template.code == code:
            return template
    raise KeyError(code)
