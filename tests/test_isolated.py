"""One item that raises in a periodic job does not hold back the others, nor half-write."""

from __future__ import annotations

import pytest

from netweave.isolated import each_isolated
from netweave.networks.models import Network


@pytest.mark.django_db
def test_the_items_after_a_failing_one_are_still_done_and_the_failure_is_raised() -> None:
    slugs = ["eerste", "kapot", "derde"]

    def create(slug: str) -> int:
        Network.objects.create(name=slug.title(), slug=slug)
        if slug == "kapot":
            raise ValueError("no pairing possible")
        return 1

    with pytest.raises(ExceptionGroup) as raised:
        each_isolated(slugs, create, atomic=True)
    (error,) = raised.value.exceptions
    assert str(error) == "no pairing possible" and "while working on 'kapot'" in error.__notes__
    # the failing item's own write is rolled back; the items before and after it are kept
    assert set(Network.objects.filter(slug__in=slugs).values_list("slug", flat=True)) == {
        "eerste",
        "derde",
    }


@pytest.mark.django_db
def test_without_failures_it_returns_the_sum_of_the_work() -> None:
    assert each_isolated([2, 3, 4], lambda n: n) == 9
