"""The inbox's filters (a GET form) and its bulk actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import User
from prima.tickets.access import managed_unit_ids, serving_unit_ids
from prima.tickets.choices import Channel, Priority, RequestKind, StatusGroup
from prima.tickets.forms.fields import IdListField, ModelIdField
from prima.tickets.models import Ticket
from prima.tickets.queries import MAX_PAGE_SIZE, InboxFilters, InboxView, tickets_visible_to
from prima.tickets.staff_queries import active_categories, serving_units, staff_of_units

ANY = [("", _("Any"))]
MANAGER_VIEWS = frozenset({InboxView.ALL})


class InboxFilterForm(forms.Form):
    view = forms.ChoiceField(label=_("View"), choices=InboxView.choices, required=False, widget=forms.HiddenInput)
    q = forms.CharField(label=_("Subject or tracking code"), max_length=200, required=False)
    status_group = forms.ChoiceField(label=_("Status"), choices=ANY + StatusGroup.choices, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=ANY + RequestKind.choices, required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=ANY + Priority.choices, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=ANY + Channel.choices, required=False)
    category = ModelIdField(label=_("Category"), queryset=None, required=False, empty_label=_("Any"))
    unit = ModelIdField(label=_("Unit"), queryset=None, required=False, empty_label=_("Any"))
    after_id = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False, widget=forms.HiddenInput)
    limit = forms.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, can_see_all: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tabs = [choice for choice in InboxView.choices if can_see_all or choice[0] not in MANAGER_VIEWS]
        self.fields["view"].choices = self.tabs  # type: ignore[attr-defined]
        units = serving_units(user)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["category"].queryset = active_categories(serving_unit_ids(user))  # type: ignore[attr-defined]
        self.fields["category"].label_from_instance = lambda c: f"{c.unit.name} · {c.name}"  # type: ignore[attr-defined]

    def value_of(self, name: str) -> Any:
        """The cleaned value, or None when it was left out or refused (a refused filter is shown, not applied)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None

    def inbox_view(self) -> str:
        return self.value_of("view") or InboxView.MINE

    def inbox_filters(self) -> InboxFilters:
        category, unit = self.value_of("category"), self.value_of("unit")
        return InboxFilters(
            status_group=self.value_of("status_group"),
            kind=self.value_of("kind"),
            priority=self.value_of("priority"),
            channel=self.value_of("channel"),
            category_id=category.pk if category else None,
            unit_id=unit.pk if unit else None,
            search=self.value_of("q") or "",
        )


class BulkActionForm(forms.Form):
    ASSIGN = "assign"
    CLOSE = "close"

    tickets = IdListField(label=_("Requests"), error_messages={"required": _("Tick at least one request.")})
    action = forms.ChoiceField(
        label=_("Action"), choices=[(ASSIGN, _("Assign to")), (CLOSE, _("Close"))], widget=forms.RadioSelect
    )
    owner = ModelIdField(label=_("Owner"), queryset=None, required=False, empty_label=_("Choose a person"))
    reason = forms.CharField(label=_("Reason (optional)"), max_length=1000, required=False)
    return_query = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.requested_count = 0
        self.fields["owner"].queryset = staff_of_units(managed_unit_ids(user))  # type: ignore[attr-defined]

    def clean_tickets(self) -> list[Ticket]:
        """The ticked requests the user can see; the services then skip those the user does not manage."""
        ids: list[int] = self.cleaned_data["tickets"]
        self.requested_count = len(ids)
        return list(tickets_visible_to(self.user).filter(pk__in=ids))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") == self.ASSIGN and not cleaned.get("owner") and not self.has_error("owner"):
            self.add_error("owner", _("Choose who takes the requests."))
        return cleaned
