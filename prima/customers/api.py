from typing import Any

from django.db.models import Prefetch, QuerySet
from rest_framework import mixins, pagination, permissions, routers, viewsets
from rest_framework.request import Request
from rest_framework.serializers import BaseSerializer

from prima.accounts.queries import units_visible_to
from prima.customers import services
from prima.customers.models import Contact, Customer
from prima.customers.queries import customers_visible_to, search_customers
from prima.customers.serializers import CustomerSerializer


class CustomerPermission(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return bool(request.user.has_perm("customers.view_customer_list"))
        return bool(request.user.has_perm("customers.add_customer"))


class CustomerPagination(pagination.CursorPagination):
    # CursorPagination orders by "-created" unless told otherwise; customers have no such field.
    ordering = ("name", "id")


class CustomerViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet[Customer],
):
    """Customers served by the caller's units. ``?q=`` searches name, phone and e-mail."""

    serializer_class = CustomerSerializer
    permission_classes = [permissions.IsAuthenticated, CustomerPermission]
    pagination_class = CustomerPagination

    def get_queryset(self) -> QuerySet[Customer]:
        customers = customers_visible_to(self.request.user)
        term = self.request.query_params.get("q", "")
        if term:
            customers = search_customers(customers, term[:100])
        return customers.prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.order_by("-is_primary", "kind", "id")),
            "units",
            "segments",
            "consents",
        )

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "visible_units": units_visible_to(self.request.user)}

    def perform_create(self, serializer: BaseSerializer[Customer]) -> None:
        data = serializer.validated_data
        units = list(data["units"])
        serializer.instance = services.create_customer(
            units[0].organisation,
            kind=data["kind"],
            name=data["name"],
            address=data.get("address", ""),
            city=data.get("city", ""),
            notes=data.get("notes", ""),
            units=units,
            contacts=[services.ContactInput(**contact) for contact in data.get("contacts", [])],
            actor=self.request.user,  # type: ignore[arg-type]
        )


router = routers.DefaultRouter()
router.register("customers", CustomerViewSet, basename="customer")
urlpatterns = router.urls
