from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.accounts.queries import units_visible_to
from prima.activity.queries import timeline_for
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.customers import services
from prima.customers.forms import (
    ConsentForm,
    ContactForm,
    CustomerForm,
    CustomerSearchForm,
    NewCustomerForm,
    WithdrawConsentForm,
)
from prima.customers.models import Customer
from prima.customers.queries import customer_for, customer_list, segments_visible_to

PAGE_SIZE = 25


def _customer_or_404(request: StaffRequest, pk: int, permission: str = "customers.view_customer") -> Customer:
    try:
        customer = customer_for(request.user, pk)
    except Customer.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(permission, customer):
        raise PermissionDenied
    return customer


@login_required
def customer_list_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("customers.view_customer_list"):
        raise PermissionDenied
    form = CustomerSearchForm(request.GET or None, segments=segments_visible_to(request.user))
    term, segment_id = "", None
    if form.is_valid():
        term = form.cleaned_data["q"]
        segment_id = form.cleaned_data["segment"].pk if form.cleaned_data["segment"] else None
    page = Paginator(customer_list(request.user, term=term, segment_id=segment_id), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    template = "customers/list.html#results" if request.htmx else "customers/list.html"
    return render(request, template, {"form": form, "page": page})


@login_required
def customer_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    customer = _customer_or_404(request, pk)
    timeline = Paginator(timeline_for(customer), 50).get_page(request.GET.get("page"))
    context = {
        "customer": customer,
        # The template's ``perms`` cannot pass the customer, and these permissions depend on it.
        "can_change": request.user.has_perm("customers.change_customer", customer),
        "contacts": customer.contacts.all(),
        "consents": customer.consents.select_related("recorded_by", "withdrawn_by"),
        "timeline": timeline,
        "contact_form": ContactForm(),
        "consent_form": ConsentForm(),
    }
    return render(request, "customers/detail.html", context)


@login_required
def customer_create_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("customers.add_customer"):
        raise PermissionDenied
    units = units_visible_to(request.user)
    form = NewCustomerForm(request.POST or None, units=units, segments=segments_visible_to(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contacts = []
        if data.get("contact_value"):
            contacts.append(
                services.ContactInput(kind=data["contact_kind"], value=data["contact_value"], is_primary=True)
            )
        chosen_units = list(data["units"])
        try:
            customer = services.create_customer(
                chosen_units[0].organisation,
                kind=data["kind"],
                name=data["name"],
                address=data["address"],
                city=data["city"],
                notes=data["notes"],
                units=chosen_units,
                segments=data["segments"],
                contacts=contacts,
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Customer %(name)s registered.") % {"name": customer.name})
            return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/form.html", {"form": form, "title": _("New customer")})


@login_required
def customer_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    customer = _customer_or_404(request, pk, "customers.change_customer")
    initial = {
        "kind": customer.kind,
        "name": customer.name,
        "address": customer.address,
        "city": customer.city,
        "notes": customer.notes,
        "units": list(customer.units.all()),
        "segments": list(customer.segments.all()),
    }
    form = CustomerForm(
        request.POST or None,
        initial=initial,
        units=units_visible_to(request.user),
        segments=segments_visible_to(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Units the editor cannot see stay attached: an agent must not detach another unit's customer.
        hidden_units = [u for u in customer.units.all() if u not in form.fields["units"].queryset]  # type: ignore[attr-defined]
        try:
            services.update_customer(
                customer,
                name=data["name"],
                kind=data["kind"],
                address=data["address"],
                city=data["city"],
                notes=data["notes"],
                units=[*data["units"], *hidden_units],
                segments=data["segments"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/form.html", {"form": form, "title": _("Edit customer"), "customer": customer})


@login_required
@require_POST
def contact_add_view(request: StaffRequest, pk: int) -> HttpResponse:
    customer = _customer_or_404(request, pk, "customers.change_customer")
    form = ContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_contact(
                customer,
                services.ContactInput(
                    kind=data["kind"], value=data["value"], label=data["label"], is_primary=data["is_primary"]
                ),
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Contact added."))
            return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/contact_form.html", {"customer": customer, "form": form}, status=400)


@login_required
@require_POST
def contact_remove_view(request: StaffRequest, pk: int, contact_pk: int) -> HttpResponse:
    customer = _customer_or_404(request, pk, "customers.change_customer")
    contact = customer.contacts.filter(pk=contact_pk).first()
    if contact is None:
        raise Http404
    services.remove_contact(contact, actor=request.user)
    messages.success(request, _("Contact removed."))
    return redirect("customers:detail", pk=customer.pk)


@login_required
@require_POST
def consent_add_view(request: StaffRequest, pk: int) -> HttpResponse:
    customer = _customer_or_404(request, pk, "customers.manage_consent")
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.record_consent(
                customer,
                purpose=form.cleaned_data["purpose"],
                channel=form.cleaned_data["channel"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("customers:detail", pk=customer.pk)
    return render(request, "customers/consent_form.html", {"customer": customer, "form": form}, status=400)


@login_required
@require_POST
def consent_withdraw_view(request: StaffRequest, pk: int, consent_pk: int) -> HttpResponse:
    customer = _customer_or_404(request, pk, "customers.manage_consent")
    consent = customer.consents.filter(pk=consent_pk).first()
    if consent is None:
        raise Http404
    form = WithdrawConsentForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_consent(consent, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Consent withdrawn."))
    else:
        messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
    return redirect("customers:detail", pk=customer.pk)
