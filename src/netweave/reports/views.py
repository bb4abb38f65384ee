"""Report pages: a steward generates, members and sponsors download. Parse, call, render.

Every view is a ``network_page``: another tenant's network or run is a 404, like a missing
one, and so is a run the actor may not see (a stewards-only report, for a member).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from netweave.networks.actor import Actor
from netweave.networks.policy import Action
from netweave.reports import selectors, services
from netweave.reports.document import Audience
from netweave.reports.forms import ReportRequestForm
from netweave.reports.models import ReportRun, RunStatus
from netweave.web.framework import network_page

# A generated HTML report needs nothing from anywhere: forbid everything but its inline styles.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _runs_context(actor: Actor) -> dict[str, Any]:
    """The runs ``actor`` may see, and whether one is still being made.

    A run whose worker died is failed first, so the page never waits for it (and stops asking).
    """
    services.report_runs_recover(network=actor.network)
    runs = list(selectors.report_runs_for(actor)[:50])
    busy = any(run.status in (RunStatus.QUEUED, RunStatus.RUNNING) for run in runs)
    return {"runs": runs, "steward": actor.may(Action.STEWARD), "busy": busy}


def _index(
    request: HttpRequest, actor: Actor, form: ReportRequestForm | None, status: int = 200
) -> HttpResponse:
    context = _runs_context(actor)
    if actor.may(Action.STEWARD) and form is None:
        form = ReportRequestForm(years=selectors.network_report_years(actor.network))
    context["form"] = form if actor.may(Action.STEWARD) else None
    return render(request, "reports/index.html", context, status=status)


@network_page(Action.READ_NETWORK)
def report_index(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _index(request, actor, None)


@network_page(Action.READ_NETWORK)
def report_runs(request: HttpRequest, actor: Actor) -> HttpResponse:
    """The runs table alone, for htmx to refresh while a report is being made."""
    return render(request, "reports/_runs.html", _runs_context(actor))


@network_page(Action.STEWARD, methods=("POST",))
def report_request(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = ReportRequestForm(request.POST, years=selectors.network_report_years(actor.network))
    if not form.is_valid():
        return _index(request, actor, form, status=400)
    try:
        services.report_run_request(
            actor,
            year=form.cleaned_data["year"],
            language=form.cleaned_data["language"],
            fmt=form.cleaned_data["format"],
            audience=Audience(form.cleaned_data["audience"]),
        )
    except services.ReportError as error:
        form.add_error(None, str(error))
        return _index(request, actor, form, status=400)
    messages.success(request, _("The report is being generated; this page shows its progress."))
    return redirect("reports:index", slug=actor.network.slug)


@network_page(Action.STEWARD, methods=("POST",), objects={"run": ReportRun})
def report_retry(request: HttpRequest, actor: Actor, run: ReportRun) -> HttpResponse:
    if services.report_run_retry(actor, run):
        messages.success(request, _("The report is being generated again."))
    return redirect("reports:index", slug=actor.network.slug)


@network_page(Action.DOWNLOAD_REPORT, objects={"run": ReportRun}, whole=True)
def report_download(request: HttpRequest, actor: Actor, run: ReportRun) -> FileResponse:
    if not selectors.report_run_visible(actor, run):
        raise Http404("No such report.")
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
