from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from netweave.networks.models import Network

pytestmark = pytest.mark.django_db


def test_known_metric_overrides_are_accepted():
    network = Network(name="N", slug="n", metric_settings={"half_life_days": 60})
    network.full_clean()


def test_an_unknown_metric_setting_is_refused_by_name():
    network = Network(name="N", slug="n", metric_settings={"half_life": 60})
    with pytest.raises(ValidationError) as raised:
        network.full_clean()
    assert "half_life" in str(raised.value.message_dict["metric_settings"])
