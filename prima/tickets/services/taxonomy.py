"""A unit's sorting tools: categories, tags and canned replies."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from prima.accounts.models import Organisation, ServiceUnit, User
from prima.activity.services import log_action
from prima.tickets.models import CannedReply, Category, Tag
from prima.tickets.services._common import field_error, required_text


def create_category(unit: ServiceUnit, *, name: str, actor: User | None) -> Category:
    """Side effects: activity ``tickets.category.created``."""
    name = required_text(name, "name", _("Name the category."), max_length=100)
    with transaction.atomic():
        if Category.objects.filter(unit=unit, name__iexact=name).exists():
            raise field_error("name", _("This unit already has a category with that name."), "duplicate")
        category = Category.objects.create(unit=unit, name=name)
        log_action("tickets.category.created", actor=actor, obj=category, unit=unit, data={"name": name})
    return category


def create_tag(organisation: Organisation, *, name: str, actor: User | None) -> Tag:
    """Side effects: activity ``tickets.tag.created``."""
    name = required_text(name, "name", _("Name the tag."), max_length=50)
    with transaction.atomic():
        if Tag.objects.filter(organisation=organisation, name__iexact=name).exists():
            raise field_error("name", _("This organisation already has a tag with that name."), "duplicate")
        tag = Tag.objects.create(organisation=organisation, name=name)
        log_action("tickets.tag.created", actor=actor, obj=tag, data={"name": name})
    return tag


def create_canned_reply(
    unit: ServiceUnit, *, title: str, body: str, language: str = settings.LANGUAGE_CODE, actor: User | None
) -> CannedReply:
    """Side effects: activity ``tickets.canned_reply.created``."""
    title = required_text(title, "title", _("Give the reply a title."), max_length=100)
    body = required_text(body, "body", _("Write the reply."))
    if language not in dict(settings.LANGUAGES):
        raise field_error("language", _("Choose one of the listed languages."), "invalid_choice")
    with transaction.atomic():
        reply = CannedReply.objects.create(unit=unit, title=title, body=body, language=language)
        log_action("tickets.canned_reply.created", actor=actor, obj=reply, unit=unit, data={"title": title})
    return reply
