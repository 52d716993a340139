from django.contrib import admin

from prima.customers.models import Segment


@admin.register(Segment)
class SegmentAdmin(admin.ModelAdmin[Segment]):
    """Segments are configuration; customers themselves are managed in Prima's pages, scoped by unit."""

    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name"]
