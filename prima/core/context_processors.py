"""Navigation by role: each person sees the sections their roles use."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    permission: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION = [
    NavItem(_("Home"), "core:home", "accounts.use_prima"),
    NavItem(_("Requests"), "tickets:inbox", "tickets.view_inbox"),
    NavItem(_("Customers"), "customers:list", "customers.view_customer_list"),
    NavItem(_("Service standards"), "standards:catalogue", "standards.view_catalogue"),
    NavItem(_("Service levels"), "sla:home", "sla.view_sla"),
    NavItem(_("Surveys"), "surveys:list", "surveys.view_surveys"),
    NavItem(_("Compliance"), "compliance:dashboard", "compliance.view_dashboard"),
    NavItem(_("Quality objectives"), "improvement:home", "improvement.view_improvement"),
    NavItem(_("Plans & reviews"), "plans:home", "plans.view_plans"),
    NavItem(_("Lost customers"), "retention:home", "retention.view_retention"),
    NavItem(_("Audit trail"), "activity:audit_trail", "accounts.view_audit_trail"),
]


def navigation(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {"navigation": []}
    items = [
        {
            "label": item.label,
            "url": item.url,
            "active": request.path.startswith(item.url) and item.url != "/",
        }
        for item in NAVIGATION
        if user.has_perm(item.permission)
    ]
    return {"navigation": items}
