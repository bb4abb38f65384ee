"""The REST API, version 1: thin operations over the same actor, policy, selectors and services
as the pages. OpenAPI 3 at ``/api/v1/openapi.json``.

Every operation is ``/api/v1/networks/{slug}/…``, authenticated by a bearer token
(``Authorization: Bearer nw_…``, made on the tokens page). The slug becomes an
:class:`~netweave.networks.actor.Actor` through :func:`networks.selectors.actor_for`, exactly as
``network_page`` does: another network's slug is the same 404 as a missing one, and a role the
policy table does not allow gets 403. Lists are paginated (``limit``, ``offset``) and filtered.
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import HttpBearer

from netweave.api.services import token_user
from netweave.insights import MetricSettings, Period, analyse
from netweave.interop.importing.problems import counted_problems
from netweave.introductions.models import Introduction
from netweave.introductions.models import Status as IntroductionStatus
from netweave.ledger.models import Ask, Channel, Interaction, Kind, Offer
from netweave.ledger.services import Verb, interaction_log
from netweave.networks.actor import Actor
from netweave.networks.models import Organisation, Person, Sector
from netweave.networks.policy import Action
from netweave.networks.selectors import actor_for, in_network
from netweave.reports.selectors import network_has_year, network_tables, report_runs_for
from netweave.routines.models import Routine


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        return token_user(token)


api = NinjaAPI(
    title="netweave",
    version="1",
    description="Members, organisations, interactions, asks and offers, introductions, "
    "routines, metrics and reports of the networks a token's user belongs to.",
    auth=TokenAuth(),
    docs_url=None,  # the interactive docs would load scripts from a CDN
    urls_namespace="api",
)


# Ids and page windows the databases can hold (SQLite's integers are 64-bit; an id beyond is
# refused as a bad request instead of overflowing into a server error).
MAX_ID = 2**53


def Id(description: str = "") -> Any:
    return Field(..., ge=1, le=MAX_ID, description=description)


class Pages(LimitOffsetPagination):
    """``limit`` (1–500, default 100) and ``offset``, answered as ``{items, count}``."""

    class Input(Schema):
        limit: int = Field(100, ge=1, le=500)
        offset: int = Field(0, ge=0, le=MAX_ID)


class Problem(Schema):
    detail: str


ERRORS: dict[int, Any] = {401: Problem, 403: Problem, 404: Problem}
NO_NUL = r"^[^\x00]*$"
"""Text a client sends may hold any character but NUL, which PostgreSQL cannot store or compare
(it would answer a 500); the web forms refuse it too (Django's ProhibitNullCharactersValidator)."""


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden."}, status=403)


def _actor(request: HttpRequest, slug: str, action: Action = Action.READ_NETWORK) -> Actor:
    actor = actor_for(request.auth, slug)  # type: ignore[attr-defined]
    actor.require(action)
    return actor


# --- schemas ---------------------------------------------------------------------------------


class OrganisationOut(Schema):
    id: int
    name: str
    slug: str
    sector: str
    city: str


class MemberOut(Schema):
    id: int
    first_name: str
    last_name: str
    email: str | None = Field(None, description="Only for stewards.")
    organisation_id: int | None
    joined_on: date
    left_on: date | None


class InteractionOut(Schema):
    id: int
    occurred_on: date
    kind: str
    person_a_id: int
    person_b_id: int
    directed: bool
    purpose: str
    source: str


class InteractionIn(Schema):
    subject: int = Id("The person who did it (a member logs only their own).")
    verb: Verb
    other: int = Id()
    occurred_on: date
    note: str = Field("", max_length=2000, pattern=NO_NUL)


class ItemProblem(Schema):
    index: int
    field: str
    message: str


class BulkProblems(Schema):
    detail: str
    problems: list[ItemProblem]


class Created(Schema):
    created: int
    ids: list[int]


class ListingOut(Schema):
    id: int
    person_id: int
    theme_id: int | None
    text: str
    created_on: date
    closed_on: date | None


class IntroductionOut(Schema):
    id: int
    introducer_id: int | None
    person_a_id: int
    person_b_id: int
    status: str
    suggested_on: date
    met_on: date | None
    sent_on: date | None
    answer_a: str
    answer_b: str
    accepted_on: date | None
    outcome: str
    outcome_on: date | None


class RoutineOut(Schema):
    id: int
    name: str
    format: str
    cadence: str
    started_on: date
    ended_on: date | None


class Metrics(Schema):
    year: int
    figures: dict[str, float]


class ReportOut(Schema):
    id: int
    year: int
    language: str
    format: str
    audience: str
    status: str


# --- filters ---------------------------------------------------------------------------------


class MemberFilter(Schema):
    organisation: int | None = Field(None, ge=1, le=MAX_ID)
    sector: Sector | None = None
    name: str | None = Field(
        None, max_length=100, pattern=NO_NUL, description="Part of the first or last name."
    )
    current: bool | None = Field(None, description="Only members who have not left.")


class InteractionFilter(Schema):
    year: int | None = Field(None, ge=1900, le=2999)
    kind: Kind | None = None
    person: int | None = Field(None, ge=1, le=MAX_ID)


class ListingFilter(Schema):
    open: bool | None = Field(None, description="Only those not closed.")


# --- operations ------------------------------------------------------------------------------

NETWORK = "/networks/{slug}"


@api.get(f"{NETWORK}/organisations", response={200: list[OrganisationOut], **ERRORS})
@paginate(Pages)
def organisations(request: HttpRequest, slug: str, sector: Sector | None = None) -> QuerySet:
    found = in_network(_actor(request, slug).network, Organisation).order_by("pk")
    return found.filter(sector=sector) if sector else found


@api.get(f"{NETWORK}/members", response={200: list[MemberOut], **ERRORS})
@paginate(Pages)
def members(request: HttpRequest, slug: str, filters: Query[MemberFilter]) -> list[dict]:
    actor = _actor(request, slug)
    found = in_network(actor.network, Person).order_by("pk")
    if filters.organisation is not None:
        found = found.filter(organisation_id=filters.organisation)
    if filters.sector is not None:
        found = found.filter(organisation__sector=filters.sector)
    if filters.name:
        found = found.filter(
            Q(first_name__icontains=filters.name) | Q(last_name__icontains=filters.name)
        )
    if filters.current is not None:
        found = found.filter(left_on__isnull=filters.current)
    show_email = actor.may(Action.STEWARD)
    return _Rows(found, lambda p: _member(p, show_email))  # type: ignore[return-value]


class _Rows:
    """A queryset whose page is turned into dicts after the paginator sliced it."""

    def __init__(self, queryset: QuerySet, convert: Any) -> None:
        self.queryset, self.convert = queryset, convert

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, window: slice) -> list[dict]:
        return [self.convert(row) for row in self.queryset[window]]

    def __len__(self) -> int:
        return self.count()


def _member(person: Person, show_email: bool) -> dict:
    return {
        "id": person.pk,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "email": person.email if show_email else None,
        "organisation_id": person.organisation_id,
        "joined_on": person.joined_on,
        "left_on": person.left_on,
    }


@api.get(f"{NETWORK}/interactions", response={200: list[InteractionOut], **ERRORS})
@paginate(Pages)
def interactions(request: HttpRequest, slug: str, filters: Query[InteractionFilter]) -> QuerySet:
    found = in_network(_actor(request, slug).network, Interaction).order_by("-occurred_on", "-pk")
    if filters.year is not None:
        found = found.filter(occurred_on__year=filters.year)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind)
    if filters.person is not None:
        found = found.filter(Q(person_a_id=filters.person) | Q(person_b_id=filters.person))
    return found


@api.post(
    f"{NETWORK}/interactions",
    response={201: Created, 422: BulkProblems, **ERRORS},
    summary="Log interactions in bulk: all of them or none",
)
def interactions_create(request: HttpRequest, slug: str, items: list[InteractionIn]) -> Status:
    actor = _actor(request, slug, Action.LOG_INTERACTION)
    people = in_network(actor.network, Person).in_bulk(
        {item.subject for item in items} | {item.other for item in items}
    )
    problems: list[dict] = []
    created: list[int] = []
    with transaction.atomic():
        for index, item in enumerate(items):
            for field in ("subject", "other"):
                if getattr(item, field) not in people:
                    problems.append({"index": index, "field": field, "message": "No such member."})
            if problems and problems[-1]["index"] == index:
                continue
            try:
                with transaction.atomic():
                    logged = interaction_log(
                        actor,
                        subject=people[item.subject],
                        verb=item.verb,
                        other=people[item.other],
                        occurred_on=item.occurred_on,
                        note=item.note,
                        via=Channel.API,
                    )
                created.append(logged.pk)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    problems += [{"index": index, "field": field, "message": m} for m in messages]
        if problems:
            transaction.set_rollback(True)
            detail = f"{counted_problems(len(problems))}; nothing was logged."
            return Status(422, {"detail": detail, "problems": problems})
    return Status(201, {"created": len(created), "ids": created})


def _listings(
    request: HttpRequest, slug: str, model: type[Ask] | type[Offer], open_only: bool | None
) -> QuerySet:
    found: QuerySet = in_network(_actor(request, slug).network, model).order_by(
        "-created_on", "-pk"
    )
    if open_only is not None:
        found = found.filter(closed_on__isnull=open_only)
    return found


@api.get(f"{NETWORK}/asks", response={200: list[ListingOut], **ERRORS})
@paginate(Pages)
def asks(request: HttpRequest, slug: str, filters: Query[ListingFilter]) -> QuerySet:
    return _listings(request, slug, Ask, filters.open)


@api.get(f"{NETWORK}/offers", response={200: list[ListingOut], **ERRORS})
@paginate(Pages)
def offers(request: HttpRequest, slug: str, filters: Query[ListingFilter]) -> QuerySet:
    return _listings(request, slug, Offer, filters.open)


@api.get(f"{NETWORK}/introductions", response={200: list[IntroductionOut], **ERRORS})
@paginate(Pages)
def introductions(
    request: HttpRequest, slug: str, status: IntroductionStatus | None = None
) -> QuerySet:
    # An enum, not any text: an unknown status is a 422, and a NUL byte never reaches
    # PostgreSQL (which refuses it: a server error).
    found = in_network(_actor(request, slug).network, Introduction).order_by("-suggested_on", "-pk")
    return found.filter(status=status) if status else found


@api.get(f"{NETWORK}/routines", response={200: list[RoutineOut], **ERRORS})
@paginate(Pages)
def routines(request: HttpRequest, slug: str) -> QuerySet:
    return in_network(_actor(request, slug).network, Routine).order_by("name", "pk")


@api.get(f"{NETWORK}/metrics", response={200: Metrics, **ERRORS})
def metrics(request: HttpRequest, slug: str, year: int = Query(..., ge=1900, le=2999)) -> dict:
    """The headline figures of ``year``, as the annual report computes them."""
    network = _actor(request, slug).network
    if not network_has_year(network, year):
        raise Http404
    settings = MetricSettings.from_mapping(network.metric_settings or {})
    # A request: Django's connection, no second one (see reports/reading.py).
    insights = analyse(network_tables(network, columnar=False), Period.year(year), settings)
    return {"year": year, "figures": insights.headline()}


@api.get(f"{NETWORK}/reports", response={200: list[ReportOut], **ERRORS})
@paginate(Pages)
def reports(request: HttpRequest, slug: str) -> QuerySet:
    return report_runs_for(_actor(request, slug)).order_by("-pk")
