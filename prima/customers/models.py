from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")


class ContactKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")


class ConsentPurpose(models.TextChoices):
    """Purposes for processing personal data, stated to the customer (UU No. 27/2022, Pasal 20-22)."""

    SERVICE = "service", _("Delivering the requested service")
    FOLLOW_UP = "follow_up", _("Follow-up on requests and complaints")
    SURVEYS = "surveys", _("Satisfaction surveys")
    ANNOUNCEMENTS = "announcements", _("Announcements of service changes")
    MARKETING = "marketing", _("Offers and promotions")


class ConsentChannel(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    PHONE = "phone", _("By phone")
    WEB_FORM = "web", _("Web form")
    EMAIL = "email", _("E-mail")
    PAPER = "paper", _("Signed paper form")


class Segment(models.Model):
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="segments")
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_segment_name")]

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    """A person or organisation served by one or more service units."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="customers")
    kind = models.CharField(_("kind"), max_length=20, choices=CustomerKind.choices, default=CustomerKind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city / regency"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    segments = models.ManyToManyField(Segment, blank=True, related_name="customers", verbose_name=_("segments"))
    units = models.ManyToManyField("accounts.ServiceUnit", related_name="customers", verbose_name=_("served by units"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["organisation", "name"], name="customer_org_name")]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A way to reach a customer. Phone and WhatsApp numbers are stored in E.164 (+62…), e-mail lowercased."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices)
    value = models.CharField(_("value"), max_length=254)
    label = models.CharField(_("label"), max_length=60, blank=True)
    is_primary = models.BooleanField(_("primary"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "kind", "id"]
        indexes = [models.Index(fields=["value"], name="contact_value")]
        constraints = [
            models.UniqueConstraint(fields=["customer", "kind", "value"], name="unique_contact_per_customer"),
        ]

    def __str__(self) -> str:
        return self.value


class Consent(models.Model):
    """Consent to process personal data for one purpose; withdrawal keeps the record (UU No. 27/2022)."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=ConsentChannel.choices)
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            # At most one active consent per purpose; history stays as withdrawn rows.
            models.UniqueConstraint(
                fields=["customer", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer} · {self.get_purpose_display()}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
