"""How a unit sorts its requests: categories, tags and ready-made replies."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A unit's own way of sorting requests ("Izin usaha mikro", "Antrian loket")."""

    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.CASCADE, related_name="ticket_categories", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "name"], name="unique_ticket_category_per_unit")]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    """A free label shared by the units of one organisation."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="ticket_tags", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_ticket_tag_per_org")]

    def __str__(self) -> str:
        return self.name


class CannedReply(models.Model):
    """A reply text a unit reuses, in one language."""

    unit = models.ForeignKey(
        "accounts.ServiceUnit", on_delete=models.CASCADE, related_name="canned_replies", verbose_name=_("unit")
    )
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title
