"""Staff pages: the compliance dashboard and its export, SOP audit checklists, audits and their evidence.

Lookups go through scoped queries: an audit, checklist, unit or person outside the user's scope is a 404; seeing
something without the right to act on it is a 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prima.accounts.models import User
from prima.compliance import dashboard as figures
from prima.compliance import queries, services
from prima.compliance.forms import AuditStartForm, ChecklistForm, ChecklistItemForm, ItemResultForm, PeriodForm
from prima.compliance.models import Audit, AuditItem, AuditStatus, Checklist
from prima.core.forms import apply_service_errors
from prima.core.http import StaffRequest
from prima.standards.models import ServiceStandard, StandardStatus

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int_param(request: StaffRequest, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise Http404
    return int(value)


def _dashboard(request: StaffRequest) -> tuple[figures.Dashboard, figures.Subject, PeriodForm]:
    if not request.user.has_perm("compliance.view_dashboard"):
        raise PermissionDenied
    try:
        subject = figures.subject_for(
            request.user, unit_id=_int_param(request, "unit"), person_id=_int_param(request, "person")
        )
    except figures.OutOfScope:
        raise Http404 from None
    form = PeriodForm(request.GET or None)
    now = timezone.now()
    period = form.period(timezone.localtime(now, subject.zone).date(), subject.zone)
    return figures.dashboard_for(subject, period, now=now), subject, form


@login_required
def dashboard_view(request: StaffRequest) -> HttpResponse:
    dashboard, subject, form = _dashboard(request)
    context = {
        "dashboard": dashboard,
        "subject": subject,
        "form": form,
        "help_text": figures.HELP_TEXT,
        "within_chart": figures.within_chart(dashboard),
        "breaches_chart": figures.breaches_chart(dashboard),
        "audit_chart": figures.audit_chart(dashboard),
        "summary": figures.summary_rows(dashboard),
        "export_url": f"{reverse('compliance:export')}?{request.GET.urlencode()}",
        "period_query": urlencode(
            {key: request.GET[key] for key in ("preset", "start", "end") if request.GET.get(key)}
        ),
    }
    return render(request, "compliance/dashboard.html", context, status=400 if form.is_bound and form.errors else 200)


@login_required
def export_view(request: StaffRequest) -> HttpResponse:
    dashboard, _subject, form = _dashboard(request)
    if form.is_bound and form.errors:
        return HttpResponse(
            " ".join(str(error) for error in form.non_field_errors()),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    name = f"kepatuhan-{dashboard.period.first:%Y%m%d}-{dashboard.period.last:%Y%m%d}.xlsx"
    response = HttpResponse(figures.export_xlsx(dashboard), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- audits -------------------------------------------------------------------------------------------------


def _audit_or_404(request: StaffRequest, pk: int) -> Audit:
    try:
        return queries.audit_for(request.user, pk)
    except Audit.DoesNotExist:
        raise Http404 from None


def _item_or_404(request: StaffRequest, pk: int, item_pk: int) -> AuditItem:
    try:
        return queries.audit_item_for(request.user, pk, item_pk)
    except (Audit.DoesNotExist, AuditItem.DoesNotExist):
        raise Http404 from None


def _report(request: StaffRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def audit_list_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("compliance.view_dashboard"):
        raise PermissionDenied
    audits = queries.audit_list_for(request.user)
    status = request.GET.get("status", "")
    if status in AuditStatus.values:
        audits = audits.filter(status=status)
    unit_id, person_id = _int_param(request, "unit"), _int_param(request, "person")
    if unit_id is not None:
        audits = audits.filter(unit_id=unit_id)
    if person_id is not None:
        audits = audits.filter(person_id=person_id)
    page = Paginator(audits, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": AuditStatus.choices,
        "can_manage": request.user.has_perm("compliance.manage_audits"),
    }
    return render(request, "compliance/audit_list.html", context)


@login_required
def audit_history_view(request: StaffRequest) -> HttpResponse:
    """Completed audits of a unit (with its subtree) or of a person over time: a table and a trend chart."""
    if not request.user.has_perm("compliance.view_dashboard"):
        raise PermissionDenied
    try:
        subject = figures.subject_for(
            request.user, unit_id=_int_param(request, "unit"), person_id=_int_param(request, "person")
        )
    except figures.OutOfScope:
        raise Http404 from None
    history = figures.audit_history(request.user, subject)
    context = {"subject": subject, "history": history, "chart": figures.audit_history_chart(history)}
    return render(request, "compliance/audit_history.html", context)


def _start_form(request: StaffRequest) -> AuditStartForm:
    units = queries.managed_units(request.user).order_by("path")
    people = User.objects.filter(
        memberships__unit__in=units, memberships__role__in=queries.STAFF_ROLES, is_active=True
    ).distinct()
    initial: dict[str, Any] = {"audit_date": timezone.localdate()}
    if (checklist_id := _int_param(request, "checklist")) is not None:
        initial["checklist"] = checklist_id
    return AuditStartForm(
        request.POST if request.method == "POST" else None,
        checklists=queries.checklists_for(request.user).filter(is_active=True),
        units=units,
        people=people.order_by("full_name"),
        initial=initial,
    )


@login_required
def audit_create_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("compliance.manage_audits"):
        raise PermissionDenied
    form = _start_form(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            audit = services.start_audit(
                data["checklist"],
                unit=data["unit"],
                person=data["person"],
                audit_date=data["audit_date"],
                actor=request.user,
                submission_key=data["submission_key"] or None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error("unit", str(error))
        else:
            return redirect("compliance:audit", pk=audit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "compliance/audit_form.html", {"form": form}, status=status)


@login_required
def audit_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    audit = _audit_or_404(request, pk)
    items = list(audit.items.order_by("position", "pk"))
    can_edit = not audit.is_completed and request.user.has_perm("compliance.manage_audits", audit)
    rows = [
        (item, ItemResultForm(initial={"result": item.result, "note": item.note}, prefix=f"item{item.pk}"))
        for item in items
    ]
    components = {}
    if audit.standard is not None:
        components = {component.code: component for component in audit.standard.components.all()}
    context = {
        "audit": audit,
        "rows": [(item, form, components.get(item.component)) for item, form in rows],
        "can_edit": can_edit,
        "open_items": sum(1 for item in items if not item.result),
        "live_score": services.score_of(
            sum(1 for item in items if item.result == "pass"), sum(1 for item in items if item.result == "fail")
        ),
    }
    return render(request, "compliance/audit_detail.html", context)


@login_required
@require_POST
def audit_item_view(request: StaffRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item_or_404(request, pk, item_pk)
    if not request.user.has_perm("compliance.manage_audits", item.audit):
        raise PermissionDenied
    form = ItemResultForm(request.POST, request.FILES, prefix=f"item{item.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect(f"{reverse('compliance:audit', args=[pk])}#item-{item.pk}")
    try:
        services.record_result(
            item,
            result=form.cleaned_data["result"],
            note=form.cleaned_data["note"],
            evidence=form.cleaned_data["evidence"],
            remove_evidence=form.cleaned_data["remove_evidence"],
            actor=request.user,
        )
    except ValidationError as error:
        _report(request, error)
    return redirect(f"{reverse('compliance:audit', args=[pk])}#item-{item.pk}")


@login_required
@require_POST
def audit_complete_view(request: StaffRequest, pk: int) -> HttpResponse:
    audit = _audit_or_404(request, pk)
    if not request.user.has_perm("compliance.manage_audits", audit):
        raise PermissionDenied
    try:
        services.complete_audit(audit, actor=request.user)
    except ValidationError as error:
        _report(request, error)
    else:
        messages.success(request, _("Audit completed."))
    return redirect("compliance:audit", pk=audit.pk)


@login_required
def evidence_view(request: StaffRequest, pk: int, item_pk: int) -> FileResponse:
    """The evidence file of an item, only for people who may see the audit; never a public media URL."""
    item = _item_or_404(request, pk, item_pk)
    if not item.evidence:
        raise Http404
    try:
        handle = item.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=item.evidence_name or "bukti", content_type=item.evidence_content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- checklists ---------------------------------------------------------------------------------------------


def _checklist_or_404(request: StaffRequest, pk: int) -> Checklist:
    try:
        return queries.checklist_for(request.user, pk)
    except Checklist.DoesNotExist:
        raise Http404 from None


@login_required
def checklist_list_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("compliance.manage_audits"):
        raise PermissionDenied
    page = Paginator(queries.checklists_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "compliance/checklist_list.html", {"page": page})


@login_required
def checklist_create_view(request: StaffRequest) -> HttpResponse:
    if not request.user.has_perm("compliance.manage_audits"):
        raise PermissionDenied
    units = queries.managed_units(request.user).order_by("path")
    standards = ServiceStandard.objects.filter(
        status=StandardStatus.PUBLISHED, service__unit__organisation_id__in=units.values("organisation_id")
    ).select_related("service")
    form = ChecklistForm(request.POST if request.method == "POST" else None, units=units, standards=standards)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checklist = services.create_checklist(
                data["unit"],
                name=form.bilingual("name"),
                standard=data["standard"],
                components=data["components"],
                custom_items=data["custom_items"],
                actor=request.user,
                submission_key=data["submission_key"] or None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Checklist created."))
            return redirect("compliance:checklist", pk=checklist.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "compliance/checklist_form.html", {"form": form}, status=status)


@login_required
def checklist_detail_view(request: StaffRequest, pk: int) -> HttpResponse:
    checklist = _checklist_or_404(request, pk)
    form = ChecklistItemForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_checklist_item(checklist, text=form.bilingual("text"), actor=request.user)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Item added. Audits already started keep their own items."))
            return redirect("compliance:checklist", pk=checklist.pk)
    context = {"checklist": checklist, "items": checklist.items.order_by("position", "pk"), "form": form}
    return render(request, "compliance/checklist_detail.html", context, status=400 if form.errors else 200)
