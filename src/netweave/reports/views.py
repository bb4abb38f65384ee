"""Report pages: a steward generates, members and sponsors download. Parse, call, render.

Every view finds the network through ``network_get_for_user`` and the run through
``report_run_get_for_user``: another tenant's network or run is a 404, like a missing one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from netweave.networks.models import Role
from netweave.networks.selectors import network_get_for_user, network_role
from netweave.reports import selectors, services
from netweave.reports.document import Audience
from netweave.reports.forms import ReportRequestForm
from netweave.reports.models import ReportRun, RunStatus

# A generated HTML report needs nothing from anywhere: forbid everything but its inline styles.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _runs_context(request: HttpRequest, slug: str) -> dict[str, Any]:
    """The network, the actor's role there and the runs they may see (404 if not a member)."""
    network = network_get_for_user(request.user, slug)
    role = network_role(request.user, network)
    if role is None:
        raise Http404("No such network.")
    runs = list(selectors.report_runs_for_user(request.user, network)[:50])
    busy = any(run.status in (RunStatus.QUEUED, RunStatus.RUNNING) for run in runs)
    return {"network": network, "runs": runs, "steward": role == Role.STEWARD, "busy": busy}


def _index(request: HttpRequest, slug: str, form: ReportRequestForm | None, status: int = 200):
    context = _runs_context(request, slug)
    if context["steward"] and form is None:
        form = ReportRequestForm(years=selectors.network_report_years(context["network"]))
    context["form"] = form if context["steward"] else None
    return render(request, "reports/index.html", context, status=status)


@login_required
@require_GET
def report_index(request: HttpRequest, slug: str) -> HttpResponse:
    return _index(request, slug, None)


@login_required
@require_GET
def report_runs(request: HttpRequest, slug: str) -> HttpResponse:
    """The runs table alone, for htmx to refresh while a report is being made."""
    return render(request, "reports/_runs.html", _runs_context(request, slug))


@login_required
@require_POST
def report_request(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_get_for_user(request.user, slug)
    if network_role(request.user, network) != Role.STEWARD:
        raise PermissionDenied(_("Only a steward can generate the report."))
    form = ReportRequestForm(request.POST, years=selectors.network_report_years(network))
    if not form.is_valid():
        return _index(request, slug, form, status=400)
    try:
        services.report_run_request(
            network=network,
            user=request.user,  # type: ignore[arg-type]  # login_required: never anonymous
            year=form.cleaned_data["year"],
            language=form.cleaned_data["language"],
            fmt=form.cleaned_data["format"],
            audience=Audience(form.cleaned_data["audience"]),
        )
    except services.ReportError as error:
        form.add_error(None, str(error))
        return _index(request, slug, form, status=400)
    messages.success(request, _("The report is being generated; this page shows its progress."))
    return redirect("reports:index", slug=network.slug)


@login_required
@require_GET
def report_download(request: HttpRequest, slug: str, run_id: int) -> FileResponse:
    network = network_get_for_user(request.user, slug)
    run = selectors.report_run_get_for_user(request.user, network, run_id)
    path = _file(run)
    response = FileResponse(
        path.open("rb"),
        as_attachment=run.format == "pdf",
        filename=path.name,
        content_type="application/pdf" if run.format == "pdf" else "text/html; charset=utf-8",
    )
    if run.format == "html":
        response["Content-Security-Policy"] = REPORT_CSP
    return response


def _file(run: ReportRun) -> Path:
    if run.status != RunStatus.DONE or not run.file:
        raise Http404("No such report.")
    root = Path(settings.REPORTS_DIR).resolve()
    path = (root / run.file).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404("No such report.")
    return path
