"""Initiative stages as they were at the end of the report's year, read from the stage history."""

from __future__ import annotations

from datetime import date

import pytest
from report_helpers import TODAY, YEAR

from netweave.initiatives.models import Initiative, Stage, StageChange
from netweave.reports.services import report_build

pytestmark = pytest.mark.django_db


def _stages(report) -> dict[str, float | None]:
    return {f.name.split(".")[1]: f.current for f in report.initiatives.stages}


def test_an_initiative_counts_in_the_stage_it_had_at_the_end_of_the_year(fixture):
    network = fixture.network
    before = _stages(report_build(network=network, year=YEAR, language="en", today=TODAY))
    # An idea in the year before, forming from June, running only after the year: today it runs,
    # at the end of the year it was forming.
    moved = Initiative.objects.create(
        network=network,
        name="Gedeelde werkplaats",
        stage=Stage.RUNNING,
        started_on=date(YEAR - 1, 3, 1),
        partner_found_on=date(YEAR, 7, 1),
    )
    for stage, on in (
        (Stage.IDEA, date(YEAR - 1, 3, 1)),
        (Stage.FORMING, date(YEAR, 6, 1)),
        (Stage.RUNNING, date(YEAR + 1, 2, 1)),
    ):
        StageChange.objects.create(initiative=moved, stage=stage, changed_on=on)
    # Two changes on one day: the later one holds.
    same_day = Initiative.objects.create(
        network=network, name="Snel besloten", stage=Stage.IDEA, started_on=date(YEAR, 12, 31)
    )
    StageChange.objects.create(
        initiative=same_day, stage=Stage.FORMING, changed_on=date(YEAR, 12, 31)
    )
    StageChange.objects.create(
        initiative=same_day, stage=Stage.ENDED, changed_on=date(YEAR, 12, 31)
    )

    report = report_build(network=network, year=YEAR, language="en", today=TODAY)
    after = _stages(report)
    assert after["forming"] == before["forming"] + 1
    assert after["ended"] == before["ended"] + 1
    assert after["running"] == before["running"] and after["idea"] == before["idea"]
    partnered = {item.name: item.stage for item in report.initiatives.partnered}
    assert partnered["Gedeelde werkplaats"] == "Forming"

    # The year before it was an idea; without its history it would count as running (its
    # stage now), as initiatives made outside the board do.
    earlier = _stages(report_build(network=network, year=YEAR - 1, language="en", today=TODAY))
    StageChange.objects.filter(initiative=moved).delete()
    unknown = _stages(report_build(network=network, year=YEAR - 1, language="en", today=TODAY))
    assert unknown["idea"] == earlier["idea"] - 1
    assert unknown["running"] == earlier["running"] + 1
