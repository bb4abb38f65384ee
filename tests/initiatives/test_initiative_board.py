"""The initiative board: members create initiatives and move them between stages (htmx)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from netweave.initiatives.models import Initiative, Stage
from netweave.networks.models import AuditEntry, Role
from web.tenants import tenant_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha():
    return tenant_make("alpha", seed=11)


def test_a_member_creates_an_initiative_that_lands_among_the_ideas(client, alpha):
    client.force_login(alpha.logins[Role.MEMBER])
    url = reverse("initiatives:create", args=[alpha.network.slug])
    response = client.post(url, {"name": "  Samen warmtenet  ", "description": "", "stage": "idea"})
    assert response.status_code == 302
    made = Initiative.objects.get(network=alpha.network, name="Samen warmtenet")
    member = alpha.logins[Role.MEMBER].memberships.get().person
    assert made.stage == Stage.IDEA and made.owner == member
    entry = AuditEntry.objects.get(network=alpha.network, verb="initiative.created")
    assert entry.target_id == str(made.pk) and entry.user == alpha.logins[Role.MEMBER]
    board = client.get(reverse("initiatives:board", args=[alpha.network.slug]))
    ideas = next(c for c in board.context["columns"] if c.stage == Stage.IDEA)
    assert made in ideas.initiatives


def test_a_nameless_initiative_is_refused_next_to_the_field(client, alpha):
    client.force_login(alpha.logins[Role.MEMBER])
    before = Initiative.objects.count()
    url = reverse("initiatives:create", args=[alpha.network.slug])
    response = client.post(url, {"name": "   ", "stage": "idea"})
    assert response.status_code == 400
    page = response.content.decode()
    # The error is the field's description (the ids Django's aria-describedby points to).
    assert 'id="id_name_error"' in page and 'aria-describedby="id_name_error"' in page
    assert Initiative.objects.count() == before


def test_moving_with_htmx_answers_the_board_alone(client, alpha):
    client.force_login(alpha.logins[Role.MEMBER])
    initiative = Initiative.objects.filter(network=alpha.network).exclude(stage="running").first()
    url = reverse("initiatives:move", args=[alpha.network.slug, initiative.pk])
    response = client.post(url, {"stage": "running"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section id="board"') and "<html" not in page
    initiative.refresh_from_db()
    assert initiative.stage == Stage.RUNNING
    running = next(c for c in response.context["columns"] if c.stage == Stage.RUNNING)
    assert initiative in running.initiatives
    entry = AuditEntry.objects.get(network=alpha.network, verb="initiative.moved")
    assert entry.detail.endswith("→ running")
    # The audit list names the stages in the reader's language, not by their codes.
    client.force_login(alpha.logins[Role.STEWARD])
    audit = client.get(
        reverse("accounts:audit", args=[alpha.network.slug]), HTTP_ACCEPT_LANGUAGE="nl"
    )
    assert "→ Loopt</td>" in audit.content.decode()


def test_an_unknown_stage_changes_nothing(client, alpha):
    client.force_login(alpha.logins[Role.MEMBER])
    initiative = Initiative.objects.filter(network=alpha.network).first()
    url = reverse("initiatives:move", args=[alpha.network.slug, initiative.pk])
    assert client.post(url, {"stage": "finished"}).status_code == 400
    stage = initiative.stage
    initiative.refresh_from_db()
    assert initiative.stage == stage


def test_sponsors_read_the_board_without_forms(client, alpha):
    client.force_login(alpha.logins[Role.SPONSOR])
    page = client.get(reverse("initiatives:board", args=[alpha.network.slug]))
    assert page.status_code == 200
    assert b"hx-post" not in page.content and b"initiatives/new/" not in page.content


def test_making_and_moving_an_initiative_records_its_stage_history(client, alpha):
    from django.utils import timezone

    from netweave.initiatives.models import StageChange

    client.force_login(alpha.logins[Role.MEMBER])
    client.post(
        reverse("initiatives:create", args=[alpha.network.slug]),
        {"name": "Stadsmoestuin", "description": "", "stage": "idea"},
    )
    made = Initiative.objects.get(network=alpha.network, name="Stadsmoestuin")
    client.post(
        reverse("initiatives:move", args=[alpha.network.slug, made.pk]), {"stage": "forming"}
    )
    client.post(
        reverse("initiatives:move", args=[alpha.network.slug, made.pk]), {"stage": "forming"}
    )
    history = list(StageChange.objects.filter(initiative=made).values_list("stage", "changed_on"))
    today = timezone.localdate()
    assert history == [("idea", made.started_on), ("forming", today)]


def test_the_board_names_themes_in_the_pages_language(client, alpha):
    from netweave.networks.models import Theme

    client.force_login(alpha.logins[Role.MEMBER])
    theme = Theme.objects.create(
        network=alpha.network, slug="warmte", name_nl="Warmtetransitie", name_en="Heat transition"
    )
    Initiative.objects.filter(network=alpha.network).first().themes.add(theme)
    url = reverse("initiatives:board", args=[alpha.network.slug])
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Warmtetransitie" in dutch and "Heat transition" not in dutch
    assert "Heat transition" in english and "Warmtetransitie" not in english


def _ideas(alpha, count: int) -> list[Initiative]:
    """``count`` new ideas in alpha, made one after another by its member (the last made last)."""
    from netweave.initiatives.services import initiative_create
    from netweave.networks.selectors import actor_for

    actor = actor_for(alpha.logins[Role.MEMBER], alpha.network.slug)
    return [
        initiative_create(actor, name=f"Idee {n:02}", description="", stage=Stage.IDEA)
        for n in range(count)
    ]


def test_a_column_shows_what_came_in_last_and_links_to_the_rest(client, alpha):
    from netweave.initiatives.selectors import COLUMN_SHOWN

    made = _ideas(alpha, COLUMN_SHOWN + 3)
    in_stage = Initiative.objects.filter(network=alpha.network, stage=Stage.IDEA).count()
    client.force_login(alpha.logins[Role.MEMBER])
    board = client.get(reverse("initiatives:board", args=[alpha.network.slug]))
    ideas = next(c for c in board.context["columns"] if c.stage == Stage.IDEA)
    assert ideas.initiatives == made[::-1][:COLUMN_SHOWN]
    assert ideas.count == in_stage
    page = board.content.decode()
    assert f"({in_stage})" in page and "?stage=idea" in page
    assert made[0].name not in page  # the first made is among the rest, behind the link


def test_one_stage_opens_in_full_a_page_at_a_time(client, alpha):
    from netweave.initiatives.views import STAGE_PAGE_SIZE

    _ideas(alpha, STAGE_PAGE_SIZE + 2)
    every = set(
        Initiative.objects.filter(network=alpha.network, stage=Stage.IDEA).values_list(
            "pk", flat=True
        )
    )
    client.force_login(alpha.logins[Role.MEMBER])
    url = reverse("initiatives:board", args=[alpha.network.slug])
    seen = []
    for number in (1, 2):
        answer = client.get(url, {"stage": "idea", "page": number})
        assert [c.stage for c in answer.context["columns"]] == [Stage.IDEA]
        seen += [i.pk for i in answer.context["columns"][0].initiatives]
    assert len(seen) == len(every) and set(seen) == every
    assert 'rel="next"' in client.get(url, {"stage": "idea"}).content.decode()
    # Anything but a stage shows the whole board, as a link typed wrong should.
    whole = client.get(url, {"stage": "<script>", "page": "x"})
    assert whole.status_code == 200 and len(whole.context["columns"]) == len(Stage)


def test_a_move_in_an_opened_stage_keeps_the_reader_there_and_tops_its_new_column(client, alpha):
    old = _ideas(alpha, 1)[0]
    client.force_login(alpha.logins[Role.MEMBER])
    move = reverse("initiatives:move", args=[alpha.network.slug, old.pk])
    board = client.get(reverse("initiatives:board", args=[alpha.network.slug]), {"stage": "idea"})
    assert f'hx-post="{move}?stage=idea"' in board.content.decode()
    answer = client.post(f"{move}?stage=idea", {"stage": "running"}, headers={"HX-Request": "1"})
    assert answer.context["opened"] == Stage.IDEA
    assert old.pk not in [i.pk for i in answer.context["columns"][0].initiatives]
    back = client.post(f"{move}?stage=idea", {"stage": "ended"})
    assert back.status_code == 302 and back.url.endswith("/initiatives/?stage=idea")
    ended = client.get(reverse("initiatives:board", args=[alpha.network.slug]))
    column = next(c for c in ended.context["columns"] if c.stage == Stage.ENDED)
    assert column.initiatives[0] == old
