"""Writes of the charter and the network settings: one transaction each, with an audit entry."""

from __future__ import annotations

import json
from typing import Any

from django.db import transaction

from netweave.dashboard.services import figures_changed
from netweave.insights import MetricSettings
from netweave.networks import audit
from netweave.networks.actor import Actor
from netweave.networks.policy import Action


def charter_update(actor: Actor, *, purpose: str, values: str, rules: str) -> None:
    """Replace the charter of ``actor``'s network (values and rules: one per line)."""
    actor.require(Action.EDIT_CHARTER)
    network = actor.network
    with transaction.atomic():
        network.purpose, network.values, network.rules = purpose, values, rules
        network.save(update_fields=["purpose", "values", "rules"])
        audit.record(actor, "charter.changed", network)


def metric_settings_update(actor: Actor, overrides: dict[str, Any]) -> MetricSettings:
    """Store ``overrides`` of the default metric parameters for ``actor``'s network.

    Validated as the report validates them (:meth:`MetricSettings.from_mapping`, which raises
    :class:`~netweave.insights.SettingsError`); the dashboard's figures are recomputed.
    """
    actor.require(Action.EDIT_SETTINGS)
    settings = MetricSettings.from_mapping(overrides)
    network = actor.network
    with transaction.atomic():
        before = json.dumps(network.metric_settings or {}, sort_keys=True)
        network.metric_settings = overrides
        network.save(update_fields=["metric_settings"])
        audit.record(
            actor,
            "settings.changed",
            network,
            detail=f"{before} → {json.dumps(overrides, sort_keys=True)}",
        )
        figures_changed(network)
    return settings
