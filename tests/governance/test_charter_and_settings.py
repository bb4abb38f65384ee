"""The charter (everyone reads, stewards edit) and the metric settings form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netweave.dashboard.models import HealthSnapshot
from netweave.insights import MetricSettings
from netweave.insights.tables import INTERACTION_KINDS
from netweave.networks.models import AuditEntry, Network, Role
from web.tenants import tenant_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha():
    return tenant_make("alpha", seed=11)


def _settings_data(**changes: object) -> dict[str, str]:
    data = {
        name: str(value)
        for name, value in MetricSettings().as_dict().items()
        if name != "kind_weights"
    }
    data |= {f"weight_{k}": str(v) for k, v in MetricSettings().kind_weights.items()}
    return data | {k: str(v) for k, v in changes.items()}


def test_a_steward_edits_the_charter_and_every_member_reads_it(client, alpha):
    client.force_login(alpha.logins[Role.STEWARD])
    edit = reverse("governance:charter_edit", args=[alpha.network.slug])
    response = client.post(
        edit,
        {
            "purpose": "Samen de regio sterker.",
            "values": "Geven\n\nVertrouwen",
            "rules": "Wees op tijd",
        },
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(network=alpha.network, verb="charter.changed").exists()
    client.force_login(alpha.logins[Role.MEMBER])
    page = client.get(reverse("governance:charter", args=[alpha.network.slug])).content.decode()
    assert "Samen de regio sterker." in page
    assert (
        "<li>Geven</li>" in page
        and "<li>Vertrouwen</li>" in page
        and "<li>Wees op tijd</li>" in page
    )
    assert "charter/edit/" not in page, "members read; only stewards get the edit link"


def test_settings_are_stored_as_overrides_and_the_figures_recomputed(
    client, alpha, django_capture_on_commit_callbacks
):
    client.force_login(alpha.logins[Role.STEWARD])
    url = reverse("governance:settings", args=[alpha.network.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _settings_data(half_life_days=60, weight_help=3))
    assert response.status_code == 302
    network = Network.objects.get(pk=alpha.network.pk)
    assert network.metric_settings == {"half_life_days": 60.0, "kind_weights": {"help": 3.0}}
    assert AuditEntry.objects.filter(network=network, verb="settings.changed").exists()
    assert HealthSnapshot.objects.get(network=network).computed_at is not None
    form = client.get(url).context["form"]
    assert form["half_life_days"].initial == 60.0


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"half_life_days": 0}, ["half_life_days"]),
        ({"imbalance_low": 0.9, "imbalance_high": 0.8}, ["imbalance_low", "imbalance_high"]),
        ({"weight_meeting": -1}, ["weight_meeting"]),
        ({"cooling_silence_days": "vijf"}, ["cooling_silence_days"]),
        ({"seed": "1.5"}, ["seed"]),
    ],
)
def test_a_bad_value_is_refused_next_to_its_field(client, alpha, changes, fields):
    client.force_login(alpha.logins[Role.STEWARD])
    url = reverse("governance:settings", args=[alpha.network.slug])
    response = client.post(url, _settings_data(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert sorted(form.errors) == sorted(fields)
    page = response.content.decode()
    for name in fields:
        assert f'id="id_{name}_error"' in page
    assert Network.objects.get(pk=alpha.network.pk).metric_settings == {}


def test_the_settings_speak_dutch_with_dutch_numbers(client, alpha):
    client.force_login(alpha.logins[Role.STEWARD])
    page = client.get(
        reverse("governance:settings", args=[alpha.network.slug]), headers={"accept-language": "nl"}
    ).content.decode()
    assert "Halfwaardetijd van warmte (dagen)" in page
    assert 'name="cooling_fraction" value="0,5"' in page
    assert "Standaard: 5.000." in page  # betweenness_exact_max_nodes, grouped the Dutch way
    dutch = client.post(
        reverse("governance:settings", args=[alpha.network.slug]),
        _settings_data(cooling_fraction="0,4")
        | {
            "half_life_days": "90,0",
            "warm_threshold": "0,5",
            "imbalance_low": "0,25",
            "imbalance_high": "0,75",
            "betweenness_confidence": "0,95",
            **{
                f"weight_{k}": str(v).replace(".", ",")
                for k, v in MetricSettings().kind_weights.items()
            },
        },
        headers={"accept-language": "nl"},
    )
    assert dutch.status_code == 302
    assert Network.objects.get(pk=alpha.network.pk).metric_settings == {"cooling_fraction": 0.4}
    assert set(INTERACTION_KINDS) == set(MetricSettings().kind_weights)


def test_a_settings_change_reads_in_words_in_the_audit_list(
    client, alpha, django_capture_on_commit_callbacks
):
    """The audit list says what moved, label: old → new, in the reader's language with its
    numbers, not the stored JSON of before and after."""
    client.force_login(alpha.logins[Role.STEWARD])
    settings_url = reverse("governance:settings", args=[alpha.network.slug])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(settings_url, _settings_data(half_life_days=60, weight_help=3))
        client.post(settings_url, _settings_data(betweenness_exact_max_nodes=12000))
    audit = reverse("accounts:audit", args=[alpha.network.slug])

    entries = client.get(audit).context["entries"]
    english = [d for entry, _w, d in entries if entry.verb == "settings.changed"]
    dutch = client.get(audit, headers={"accept-language": "nl"})

    help_weight = MetricSettings().kind_weights["help"]
    assert english == [
        [
            "Half-life of warmth (days): 60 → 90",
            f"Weight of “help”: 3 → {help_weight:g}",
            "Exact brokerage up to (people): 5,000 → 12,000",
        ],
        ["Half-life of warmth (days): 90 → 60", f"Weight of “help”: {help_weight:g} → 3"],
    ]
    html = dutch.content.decode()
    assert "Halfwaardetijd van warmte (dagen): 90 → 60" in html
    assert ": 5.000 → 12.000" in html
    assert "half_life_days" not in html and "{" not in html.split("<tbody>")[1]
