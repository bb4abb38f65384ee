"""The charter (everyone reads, stewards edit) and the network settings (stewards)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from netweave.governance import services
from netweave.governance.forms import CharterForm, MetricSettingsForm
from netweave.networks.actor import Actor
from netweave.networks.policy import Action
from netweave.web.framework import network_page


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@network_page(Action.READ_NETWORK)
def charter(request: HttpRequest, actor: Actor) -> HttpResponse:
    network = actor.network
    context = {
        "values": _lines(network.values),
        "rules": _lines(network.rules),
        "may_edit": actor.may(Action.EDIT_CHARTER),
    }
    return render(request, "governance/charter.html", context)


@network_page(Action.EDIT_CHARTER, methods=("GET", "POST"))
def charter_edit(request: HttpRequest, actor: Actor) -> HttpResponse:
    network = actor.network
    if request.method == "POST":
        form = CharterForm(request.POST)
        if form.is_valid():
            services.charter_update(actor, **form.cleaned_data)
            messages.success(request, _("The charter is saved."))
            return redirect("governance:charter", slug=network.slug)
    else:
        form = CharterForm(
            initial={"purpose": network.purpose, "values": network.values, "rules": network.rules}
        )
    status = 400 if form.errors else 200
    return render(request, "governance/charter_edit.html", {"form": form}, status=status)


@network_page(Action.EDIT_SETTINGS, methods=("GET", "POST"))
def network_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    stored = dict(actor.network.metric_settings or {})
    if request.method == "POST":
        form = MetricSettingsForm(request.POST, stored=stored)
        if form.is_valid():
            services.metric_settings_update(actor, form.overrides())
            messages.success(
                request, _("The settings are saved; the dashboard's figures are being recomputed.")
            )
            return redirect("governance:settings", slug=actor.network.slug)
    else:
        form = MetricSettingsForm(stored=stored)
    status = 400 if form.errors else 200
    return render(request, "governance/settings.html", {"form": form}, status=status)
