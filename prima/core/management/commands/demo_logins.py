"""Print the demo accounts, their roles and units, and the shared password."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from prima.accounts.models import Membership, Role, User
from prima.core.demo import DEMO_ORGANISATION_NAMES, DEMO_PASSWORD, SUPERUSER_EMAIL, demo_exists

ROLE_ORDER = [Role.LEADER, Role.ADMIN, Role.SUPERVISOR, Role.AGENT, Role.TRAINER, Role.MYSTERY_SHOPPER]


def demo_login_rows() -> list[tuple[str, str, str]]:
    """(e-mail, roles, units) for each demo account: organisations in demo order, then by role and name."""
    memberships = Membership.objects.filter(unit__organisation__name__in=DEMO_ORGANISATION_NAMES).select_related(
        "user", "unit", "unit__organisation"
    )
    by_user: dict[int, list[Membership]] = {}
    for membership in memberships:
        by_user.setdefault(membership.user_id, []).append(membership)

    def sort_key(items: list[Membership]) -> tuple[int, int, str]:
        first = min(items, key=lambda m: ROLE_ORDER.index(Role(m.role)))
        return (
            DEMO_ORGANISATION_NAMES.index(first.unit.organisation.name),
            ROLE_ORDER.index(Role(first.role)),
            first.unit.path + first.user.full_name,
        )

    rows = []
    if User.objects.filter(email=SUPERUSER_EMAIL, is_superuser=True).exists():
        rows.append((SUPERUSER_EMAIL, "Superuser (Django admin)", "all"))
    for items in sorted(by_user.values(), key=sort_key):
        roles = sorted({Role(m.role) for m in items}, key=ROLE_ORDER.index)
        units = sorted({m.unit for m in items}, key=lambda unit: unit.path)
        organisation = items[0].unit.organisation.name
        rows.append(
            (
                items[0].user.email,
                " / ".join(str(role.label) for role in roles),
                f"{organisation}: {', '.join(unit.name for unit in units)}",
            )
        )
    return rows


class Command(BaseCommand):
    help = "List the demo logins (e-mail, role, unit) and the shared demo password."

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_exists():
            self.stdout.write("No demo data found. Load it with: python manage.py load_demo")
            return
        with translation.override("en"):
            rows = demo_login_rows()
        widths = [max(len(row[i]) for row in [("E-MAIL", "ROLE", "UNIT"), *rows]) for i in range(3)]
        self.stdout.write(self.style.SUCCESS("Demo logins"))
        for row in [("E-MAIL", "ROLE", "UNIT"), *rows]:
            self.stdout.write("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())
        self.stdout.write(f"\nPassword for every account: {DEMO_PASSWORD}")
        self.stdout.write(f"Open {settings.SITE_URL}/ and sign in with any e-mail above.")
