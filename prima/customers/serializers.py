"""API representations of customers. Validation of contacts is the same function the forms use."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from prima.accounts.models import ServiceUnit
from prima.customers.contacts import normalize_contact
from prima.customers.models import Consent, Contact, ContactKind, Customer, CustomerKind, Segment


class ContactSerializer(serializers.ModelSerializer[Contact]):
    kind = serializers.ChoiceField(choices=ContactKind.choices)

    class Meta:
        model = Contact
        fields = ["id", "kind", "value", "label", "is_primary"]
        read_only_fields = ["id"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        try:
            attrs["value"] = normalize_contact(attrs["kind"], attrs["value"])
        except DjangoValidationError as error:
            raise serializers.ValidationError({"value": error.messages}) from None
        return attrs


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    class Meta:
        model = Consent
        fields = ["id", "purpose", "channel", "given_at", "withdrawn_at"]
        read_only_fields = fields


class CustomerSerializer(serializers.ModelSerializer[Customer]):
    kind = serializers.ChoiceField(choices=CustomerKind.choices, default=CustomerKind.PERSON)
    units = serializers.PrimaryKeyRelatedField(many=True, queryset=ServiceUnit.objects.none())
    contacts = ContactSerializer(many=True, required=False)
    consents = ConsentSerializer(many=True, read_only=True)
    segments: serializers.SlugRelatedField[Segment] = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="name"
    )

    class Meta:
        model = Customer
        fields = [
            "id",
            "kind",
            "name",
            "address",
            "city",
            "notes",
            "units",
            "segments",
            "contacts",
            "consents",
            "created_at",
        ]
        read_only_fields = ["id", "created_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.context.get("visible_units")
        if units is not None:
            self.fields["units"].child_relation.queryset = units  # type: ignore[attr-defined]

    def validate_units(self, units: list[ServiceUnit]) -> list[ServiceUnit]:
        if not units:
            raise serializers.ValidationError(_("Choose at least one service unit that serves this customer."))
        return units
