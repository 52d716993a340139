"""Staff pages: the service catalogue, a service's versions, the draft editor, approval and publication,
and the unit's service charter. Lookups go through scoped queries: another unit's service is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.accounts.models import ServiceUnit
from prima.accounts.queries import unit_for, units_visible_to
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.standards import queries, services
from prima.standards.components import ComponentGroup
from prima.standards.forms import (
    DEFAULT_CHARTER_TEXT,
    ChangeNoteForm,
    CharterForm,
    ComponentForm,
    PublishForm,
    ServiceEditForm,
    ServiceForm,
)
from prima.standards.models import Service, ServiceStandard, StandardComponent, StandardStatus

PAGE_SIZE = 50


def _service_or_404(request: StaffRequest, pk: int, permission: str = "standards.view_service") -> Service:
    try:
        service = queries.service_for(request.user, pk)
    except Service.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(permission, service):
        raise PermissionDenied
    return service


def _standard_or_404(request: StaffRequest, pk: int, permission: str = "standards.view_service") -> ServiceStandard:
    try:
        standard = queries.standard_for(request.user, pk)
    except ServiceStandard.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm(permission, standard.service):
        raise PermissionDenied
    return standard


def _unit_or_404(request: StaffRequest, pk: int) -> ServiceUnit:
    if pk > queries.MAX_ID:
        raise Http404
    try:
        return unit_for(request.user, pk)
    except ServiceUnit.DoesNotExist:
        raise Http404 from None


def _report(request: StaffRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def catalogue_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("standards.view_catalogue"):
        raise PermissionDenied
    include_archived = request.GET.get("archived") == "1"
    page = Paginator(queries.catalogue_for(request.user, include_archived=include_archived), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "include_archived": include_archived,
        "units": units_visible_to(request.user).filter(is_active=True),
        "can_add": request.user.has_perm("standards.add_service"),
    }
    return render(request, "standards/catalogue.html", context)


@login_required
def service_create_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("standards.add_service"):
        raise PermissionDenied
    form = ServiceForm(
        request.POST if request.method == "POST" else None, units=queries.units_editable_by(request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                service = services.create_service(
                    form.cleaned_data["unit"],
                    code=form.cleaned_data["code"],
                    name=form.bilingual("name"),
                    description=form.bilingual("description"),
                    actor=request.user,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Service %(name)s added.") % {"name": service.display_name})
                return redirect("standards:service", pk=service.pk)
        return render(request, "standards/service_form.html", {"form": form, "title": _("New service")}, status=400)
    return render(request, "standards/service_form.html", {"form": form, "title": _("New service")})


@login_required
def service_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    service = _service_or_404(request, pk, "standards.change_service")
    initial = {
        f"{name}_{language}": getattr(service, name).get(language, "")
        for name in ("name", "description")
        for language in ("id", "en")
    }
    form = ServiceEditForm(request.POST if request.method == "POST" else None, initial=initial)
    context = {"form": form, "title": _("Edit service"), "service": service}
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_service(
                    service, name=form.bilingual("name"), description=form.bilingual("description"), actor=request.user
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("standards:service", pk=service.pk)
        return render(request, "standards/service_form.html", context, status=400)
    return render(request, "standards/service_form.html", context)


def _render_service(request: StaffRequest, service: Service, status: int = 200) -> HttpResponse:
    versions = list(queries.versions_of(service))
    context = {
        "service": service,
        "versions": versions,
        "in_force": next((v for v in versions if v.status == StandardStatus.PUBLISHED), None),
        "open_version": next(
            (v for v in versions if v.status in (StandardStatus.DRAFT, StandardStatus.APPROVED)), None
        ),
        "can_change": request.user.has_perm("standards.change_service", service),
        "can_approve": request.user.has_perm("standards.approve_standard", service),
    }
    return render(request, "standards/service_detail.html", context, status=status)


@login_required
def service_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_service(request, _service_or_404(request, pk))


@login_required
@require_POST
def draft_create_view(request: StaffRequest, pk: int) -> HttpResponse:
    service = _service_or_404(request, pk, "standards.change_service")
    try:
        standard = services.draft_standard(service, actor=request.user)
    except ValidationError as error:
        _report(request, error)
        return _render_service(request, service, status=400)
    messages.success(request, _("Draft version %(version)s started.") % {"version": standard.version})
    return redirect("standards:edit", pk=standard.pk)


@login_required
@require_POST
def service_archive_view(request: StaffRequest, pk: int) -> HttpResponse:
    service = _service_or_404(request, pk, "standards.approve_standard")
    try:
        services.archive_service(service, actor=request.user)
    except ValidationError as error:
        _report(request, error)
        return _render_service(request, service, status=400)
    messages.success(request, _("Service archived. It no longer appears on the public pages."))
    return redirect("standards:service", pk=service.pk)


def _grouped(items: list[Any], group_of: Any) -> list[tuple[str, list[Any]]]:
    """Components (or their forms) under the two group headings, in registry order."""
    return [(str(group.label), [item for item in items if group_of(item) == group]) for group in ComponentGroup]


def _render_standard(
    request: StaffRequest, standard: ServiceStandard, *, publish_form: PublishForm | None = None, status: int = 200
) -> HttpResponse:
    service = standard.service
    components = list(standard.components.all())
    context = {
        "standard": standard,
        "service": service,
        "groups": _grouped(components, lambda component: component.group),
        "incomplete": [c for c in components if not c.is_complete()] if standard.is_editable else [],
        "can_change": request.user.has_perm("standards.change_service", service),
        "can_approve": request.user.has_perm("standards.approve_standard", service),
        "publish_form": publish_form or PublishForm(),
    }
    return render(request, "standards/standard_detail.html", context, status=status)


@login_required
def standard_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    return _render_standard(request, _standard_or_404(request, pk))


@login_required
def standard_edit_view(request: StaffRequest, pk: int) -> HttpResponse:
    standard = _standard_or_404(request, pk, "standards.change_service")
    if not standard.is_editable:
        messages.error(request, _("Only a draft can be edited. Start a new draft from the service page."))
        return redirect("standards:standard", pk=standard.pk)
    data = request.POST if request.method == "POST" else None
    forms = {c.code: ComponentForm(data, component=c) for c in standard.components.all()}
    note_form = ChangeNoteForm(data, initial={"change_note": standard.change_note})
    if request.method == "POST":
        if all(form.is_valid() for form in [*forms.values(), note_form]):
            try:
                changed = services.update_draft(
                    standard,
                    # A component whose fields were not sent stays as it is (a partial post never wipes text).
                    components={
                        code: form.component_input()
                        for code, form in forms.items()
                        if form.add_prefix("text_id") in request.POST
                    },
                    change_note=note_form.cleaned_data["change_note"],
                    actor=request.user,
                )
            except ValidationError as error:
                _apply_draft_errors(request, error, forms, note_form)
            else:
                if changed:
                    messages.success(request, _("Draft saved."))
                else:
                    messages.info(request, _("Nothing changed."))
                return redirect("standards:edit", pk=standard.pk)
        status = 400
    else:
        status = 200
    context = {
        "standard": standard,
        "service": standard.service,
        "groups": _grouped(list(forms.values()), lambda form: form.component.group),
        "note_form": note_form,
    }
    return render(request, "standards/standard_edit.html", context, status=status)


def _apply_draft_errors(
    request: StaffRequest, error: ValidationError, forms: dict[str, ComponentForm], note_form: ChangeNoteForm
) -> None:
    """Put the service's errors (keyed ``<code>-<field>``) on the component form they belong to."""
    if not hasattr(error, "error_dict"):
        _report(request, error)
        return
    for key, key_messages in error.message_dict.items():
        code, _separator, field = key.partition("-")
        form = forms.get(code)
        if form is not None:
            form.add_error(field if field in form.fields else None, key_messages)
        elif key in note_form.fields:
            note_form.add_error(key, key_messages)
        else:
            for message in key_messages:
                messages.error(request, message)


@login_required
@require_POST
def standard_approve_view(request: StaffRequest, pk: int) -> HttpResponse:
    standard = _standard_or_404(request, pk, "standards.approve_standard")
    try:
        services.approve_standard(standard, actor=request.user)
    except ValidationError as error:
        _report(request, error)
        return _render_standard(request, standard, status=400)
    messages.success(
        request, _("Version %(version)s approved. Publish it to put it in force.") % {"version": standard.version}
    )
    return redirect("standards:standard", pk=standard.pk)


@login_required
@require_POST
def standard_return_view(request: StaffRequest, pk: int) -> HttpResponse:
    standard = _standard_or_404(request, pk, "standards.approve_standard")
    try:
        services.return_to_draft(standard, actor=request.user)
    except ValidationError as error:
        _report(request, error)
        return _render_standard(request, standard, status=400)
    messages.success(
        request, _("Approval withdrawn; version %(version)s is a draft again.") % {"version": standard.version}
    )
    return redirect("standards:standard", pk=standard.pk)


@login_required
@require_POST
def standard_publish_view(request: StaffRequest, pk: int) -> HttpResponse:
    standard = _standard_or_404(request, pk, "standards.approve_standard")
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish_standard(standard, actor=request.user, effective_from=form.cleaned_data["effective_from"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Version %(version)s published and in force.") % {"version": standard.version})
            return redirect("standards:standard", pk=standard.pk)
    return _render_standard(request, standard, publish_form=form, status=400)


def _differs(old: StandardComponent | None, new: StandardComponent) -> bool:
    if old is None:
        return True
    fields = ("text", "amount", "duration_value", "duration_unit")
    return any(getattr(old, name) != getattr(new, name) for name in fields)


@login_required
def standard_compare_view(request: StaffRequest, pk: int) -> HttpResponse:
    standard = _standard_or_404(request, pk)
    previous = queries.previous_version_of(standard)
    if previous is None:
        raise Http404
    before = {component.code: component for component in previous.components.all()}
    rows = [
        {
            "before": before.get(component.code),
            "after": component,
            "changed": _differs(before.get(component.code), component),
        }
        for component in standard.components.all()
    ]
    context = {"standard": standard, "previous": previous, "service": standard.service, "rows": rows}
    return render(request, "standards/standard_compare.html", context)


@login_required
def charter_view(request: StaffRequest, unit_id: int) -> HttpResponse:
    unit = _unit_or_404(request, unit_id)
    can_publish = request.user.has_perm("standards.publish_charter", unit)
    charters = list(queries.charters_of(unit))
    current = next((charter for charter in charters if charter.superseded_at is None), None)
    source = current.text if current is not None else DEFAULT_CHARTER_TEXT
    initial = {
        "text_id": source.get("id", ""),
        "text_en": source.get("en", ""),
        "signatory": current.signatory if current else "",
    }
    form = CharterForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if not can_publish:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.publish_charter(
                    unit, text=form.bilingual("text"), signatory=form.cleaned_data["signatory"], actor=request.user
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Service charter published."))
                return redirect("standards:charter", unit_id=unit.pk)
        status = 400
    context = {"unit": unit, "charters": charters, "current": current, "form": form, "can_publish": can_publish}
    return render(request, "standards/charter.html", context, status=status)
