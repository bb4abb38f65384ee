"""Import, export and personal-data pages. Parse, call a service, render; nothing else.

Import is two steps: the upload is checked by a dry run and shown (how netweave reads the
columns, the first rows, what would be created, or every problem); the steward confirms and it
is imported. The mapping used is remembered per kind and offered next time.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from netweave.interop import privacy, selectors, services
from netweave.interop.exporting.service import ExportFormat, network_export
from netweave.interop.forms import ConfirmForm, ExportForm, UploadForm, mapping_text
from netweave.interop.importing.columns import ImportKind
from netweave.interop.importing.problems import ImportRefused
from netweave.interop.importing.service import import_preview
from netweave.networks.actor import Actor
from netweave.networks.models import Person
from netweave.networks.policy import Action
from netweave.web.framework import network_page


def _today() -> date:
    return date.today()  # noqa: DTZ011 - a calendar day


@network_page(Action.IMPORT_DATA, methods=("GET", "POST"))
def import_upload(request: HttpRequest, actor: Actor) -> HttpResponse:
    if request.method == "GET":
        kind = (
            ImportKind(request.GET.get("kind", ImportKind.MEMBERS.value))
            if request.GET.get("kind") in {k.value for k in ImportKind}
            else ImportKind.MEMBERS
        )
        form = UploadForm(
            initial={
                "kind": kind.value,
                "mapping": mapping_text(selectors.mapping_remembered(actor, kind)),
            }
        )
        return render(request, "interop/import.html", {"form": form})
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "interop/import.html", {"form": form}, status=400)
    kind = ImportKind(form.cleaned_data["kind"])
    mapping = form.cleaned_data["mapping"] or selectors.mapping_remembered(actor, kind)
    token = services.upload_store(actor, form.cleaned_data["file"])
    name = form.cleaned_data["file"].name
    hidden = {"token": token, "name": name, "kind": kind.value, "mapping": mapping}
    context: dict[str, Any] = {
        "form": form,
        "preview": import_preview(services.upload_path(actor, token), kind, mapping),
        "confirm": ConfirmForm(initial=hidden),
    }
    try:
        context["result"] = services.upload_check(actor, token, name, kind, mapping, _today())
    except ImportRefused as refused:
        context["problems"] = refused.problems
        context["confirm"] = None
        return render(request, "interop/import.html", context, status=400)
    return render(request, "interop/import.html", context)


@network_page(Action.IMPORT_DATA, methods=("POST",))
def import_confirm(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = ConfirmForm(request.POST)
    if not form.is_valid() or not services.upload_path(actor, form.cleaned_data["token"]).exists():
        messages.error(request, _("That upload is gone; please upload the file again."))
        return render(request, "interop/import.html", {"form": UploadForm()}, status=400)
    kind = ImportKind(form.cleaned_data["kind"])
    try:
        data = form.cleaned_data
        result = services.upload_import(
            actor, data["token"], data["name"], kind, data["mapping"], _today()
        )
    except ImportRefused as refused:
        context = {"form": UploadForm(), "problems": refused.problems}
        return render(request, "interop/import.html", context, status=400)
    created = sum(result.created.values())
    messages.success(request, _("Imported: %(count)d new records.") % {"count": created})
    return redirect("interop:import", slug=actor.network.slug)


@network_page(Action.EXPORT_DATA)
def export_page(request: HttpRequest, actor: Actor) -> HttpResponseBase:
    if "format" not in request.GET:
        return render(request, "interop/export.html", {"form": ExportForm()})
    form = ExportForm(request.GET)
    if not form.is_valid():
        return render(request, "interop/export.html", {"form": form}, status=400)
    fmt = ExportFormat(form.cleaned_data["format"])
    # A named temporary file, removed when the response is closed: exports can be large.
    out = tempfile.NamedTemporaryFile(suffix=fmt.suffix)  # noqa: SIM115 - closed by the response
    network_export(
        network=actor.network,
        fmt=fmt,
        out=Path(out.name),
        year=form.cleaned_data["year"],
        today=_today(),
    )
    name = f"{actor.network.slug}-{fmt.value}{fmt.suffix}"
    return FileResponse(open(out.name, "rb"), as_attachment=True, filename=name)


def _json_download(document: dict, name: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@network_page(Action.DOWNLOAD_OWN_DATA, whole=True)
def my_data(request: HttpRequest, actor: Actor) -> HttpResponse:
    if actor.person is None:
        raise Http404(_("Your login is not linked to a member of this network."))
    document = privacy.person_data_export(actor, actor.person)
    return _json_download(document, f"{actor.network.slug}-my-data.json")


@network_page(Action.ERASE_PERSON, objects={"person": Person}, whole=True)
def person_data(request: HttpRequest, actor: Actor, person: Person) -> HttpResponse:
    document = privacy.person_data_export(actor, person)
    return _json_download(document, f"{actor.network.slug}-person-{person.pk}.json")


@network_page(Action.ERASE_PERSON, methods=("GET", "POST"), objects={"person": Person})
def person_erase(request: HttpRequest, actor: Actor, person: Person) -> HttpResponse:
    if request.method == "GET":
        return render(request, "interop/erase.html", {"person": person})
    privacy.person_erase(actor, person)
    messages.success(request, _("The person was erased; their interactions stay anonymous."))
    return redirect("web:network", slug=actor.network.slug)
