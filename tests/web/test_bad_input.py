"""Every form of the web pages, sent what a careless or hostile visitor would type.

The forms are found, not listed: the test opens every page of a network (each GET pattern the
URL walk of ``web.routes`` finds, as a steward and as a member), the pages outside a network
that have forms, and the pages behind mailed links (logged out); reads each form on them with
its fields and their values as the page filled them in; and sends it again with one field at a
time replaced by each value of :data:`HOSTILE` (and, for a field that carries an id or is a
choice, by the id of a row of another network and of no row at all), with every field at once,
every value twice, and the whole form twice (a double click). A new form is covered without
editing this file; a POST address that no page shows a form for fails
:func:`test_every_post_address_has_a_form`.

For every answer:
- never a server error (the test client re-raises the view's exception, so the traceback is
  in the failure);
- markup typed into a field comes back escaped, never as markup (also on the page a redirect
  leads to);
- a form that was refused (400, or 200 with a form with errors) says why on the page, ties each
  error to its field (``aria-describedby`` to an element that exists, ``aria-invalid``) and
  wrote nothing: no row of netweave's tables was added or removed.

GET forms (filters, the autocomplete), addresses with a mangled token and every operation of the
JSON API (from its OpenAPI schema) meet the same values; :data:`NONSENSE_DATES` are dates a form
takes as dates but must refuse. Each submission runs in a transaction that is rolled back, so
every value meets the same network. Run on SQLite and PostgreSQL (NUL bytes and over-long text
differ between them).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.db import connection, transaction
from django.forms import BaseForm
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from netweave.accounts.models import Invitation
from netweave.accounts.services import token_hash
from netweave.api.services import token_create
from netweave.introductions import links
from netweave.introductions.links import Do
from netweave.introductions.models import Answer as IntroAnswer
from netweave.introductions.models import Introduction
from netweave.introductions.models import Status as IntroStatus
from netweave.ledger.services import Verb, interaction_log
from netweave.networks.models import Person, Role
from netweave.networks.selectors import actor_for
from netweave.reports.models import ReportRun, RunStatus
from netweave.routines.mail import answer_token
from netweave.routines.models import (
    Cadence,
    Format,
    Occurrence,
    Participant,
    ParticipantStatus,
    Routine,
)
from web.routes import all_routes, route_url, scoped_routes
from web.tenants import Tenant, tenant_make

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('nw')</script>"
HOSTILE: tuple[str, ...] = (
    "",
    "   ",
    "x" * 10_000,
    "abc",
    "2026-02-31",
    "0000-01-01",
    "99999-12-31",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "\x00",
    "Zoë\x00",
    "😀 Ünïcödé 中文",
    SCRIPT,
)
"""What a visitor can type into any field. Add a value here and every form meets it."""

# Pages outside a network whose forms are walked too (the network pages are found by the URL walk).
OUTSIDE_PAGES = ("web:login", "accounts:password_reset", "api-tokens")

# Fields a form gets only once the visitor has used it (a person picker's picks arrive with the
# people search's suggestions): sent empty, and so each one meets the hostile values too.
HIDDEN_UNTIL_USED = {
    "ledger:log": {"subject": [""], "other": [""]},
    # Every other person picker (web.widgets.PersonPicker) with nobody chosen yet.
    "introductions:send": {"person_a": [""], "person_b": [""]},
    "routines:create": {"host": [""]},
    "routines:do_not_pair": {"other": [""]},
}

# POST addresses whose form no page shows by itself (each said why).
NO_PAGE_SHOWS = {
    "interop:import-confirm",  # only on the preview of an uploaded file (tests/interop)
}


@dataclass
class Form:
    page: str  # where the form was found
    action: str  # where it is sent
    method: str = "post"
    fields: dict[str, list[str]] = field(default_factory=dict)  # as the page filled it in
    choices: set[str] = field(default_factory=set)  # names of radios, checkboxes and selects


class _FormReader(HTMLParser):
    """The POST forms of a page with their fields' values as a browser would send them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            method = a.get("method", "get").lower()
            self._form = Form(self.page, a.get("action") or self.page, method)
            self.forms.append(self._form)
        form = self._form
        if form is None or ("name" not in a and tag != "option"):
            return
        name = a.get("name", "")
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in {"radio", "checkbox"}:
                form.choices.add(name)
                values = form.fields.setdefault(name, [])
                value = a.get("value", "on")
                if kind == "checkbox" and "checked" in a:
                    values.append(value)
                elif kind == "radio" and ("checked" in a or not values):
                    form.fields[name] = [value]  # the checked one, else the first
            elif kind not in {"submit", "button", "image", "reset", "file"}:
                form.fields[name] = [a.get("value", "")]
        elif tag == "button" and a.get("type", "submit") == "submit":
            form.fields.setdefault(name, [a.get("value", "")])
        elif tag == "select":
            self._select, self._first_option, self._selected = name, None, False
            form.choices.add(name)
            form.fields[name] = []
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                form.fields[self._select] = [value]
                self._selected = True
        elif tag == "textarea":
            self._textarea = name
            form.fields[name] = [""]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea is not None:
            text = self._form.fields[self._textarea][0] + data
            # A browser drops the newline that follows <textarea>.
            self._form.fields[self._textarea] = [text.removeprefix("\n")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select" and self._form is not None and self._select is not None:
            if not self._selected and self._first_option is not None:
                self._form.fields[self._select] = [self._first_option]
            self._select = None
        elif tag == "textarea":
            self._textarea = None


class _AriaReader(HTMLParser):
    """The ids of a page, what its fields' ``aria-describedby`` point to, and its field errors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.described_by: set[str] = set()
        self.error_ids: set[str] = set()
        self.untold = 0  # fields marked invalid that point to no description
        self._fieldsets: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
            if a["id"].endswith("_error"):
                self.error_ids.add(a["id"])
        described = a.get("aria-describedby", "").split()
        self.described_by.update(described)
        if tag == "fieldset":
            self._fieldsets.append(bool(described))
        told = described or any(self._fieldsets)  # a radio is described by its fieldset
        self.untold += a.get("aria-invalid") == "true" and not told

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset" and self._fieldsets:
            self._fieldsets.pop()


def aria_problems(content: bytes) -> list[str]:
    """A field's error must be tied to it: no ``aria-describedby`` that points nowhere, no
    error beside a field that no field points to, no field marked invalid without an error."""
    page = _AriaReader()
    page.feed(content.decode())
    problems = [f"aria-describedby points to a missing #{i}" for i in page.described_by - page.ids]
    problems += [f"#{i} is tied to no field" for i in page.error_ids - page.described_by]
    if page.untold:
        problems.append("a field is marked invalid but no error is tied to it")
    return problems


def forms_on(client: Client, url: str) -> list[Form]:
    response = client.get(url, follow=True)  # a password link goes on to its form's address
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return []
    if response.status_code != 200:
        return []
    reader = _FormReader(response.request["PATH_INFO"])
    reader.feed(response.content.decode())
    return reader.forms


def network_pages(tenant: Tenant) -> Iterator[str]:
    slug = tenant.network.slug
    for route in scoped_routes():
        assert route.spec is not None
        if "GET" in route.spec.methods:
            yield route_url(route, slug, tenant)
    # The same pages with other rows or tabs than the first: where the remaining forms are.
    yield reverse("ledger:board", kwargs={"slug": slug}) + "?kind=offer"
    for routine in Routine.objects.filter(network=tenant.network, name="Koffie"):
        yield reverse("routines:detail", kwargs={"slug": slug, "routine": routine.pk})


def link_pages(tenant: Tenant) -> Iterator[str]:
    """The pages behind the links netweave mails, as their recipient opens them (logged out)."""
    network, today = tenant.network, timezone.localdate()
    token = "t" * 43
    Invitation.objects.create(
        network=network,
        email="new@example.org",
        first_name="New",
        last_name="Member",
        token_hash=token_hash(token),
        created_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=14),
    )
    yield reverse("accounts:accept", kwargs={"token": token})
    member = tenant.logins[Role.MEMBER]
    uid = urlsafe_base64_encode(force_bytes(member.pk))
    reset = default_token_generator.make_token(member)
    yield reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": reset})
    me = actor_for(member, network.slug).person
    assert me is not None
    occurrence = Occurrence.objects.filter(routine__network=network, on__lt=today).first()
    assert occurrence is not None
    yield reverse("routines:answer", kwargs={"token": answer_token(occurrence, me)})
    for introduction in Introduction.objects.filter(person_a=me, status=IntroStatus.ACCEPTED):
        for do in (Do.ACCEPT, Do.MET, Do.OUTCOME):
            link = links.token(introduction, me, do)
            yield reverse("introductions:link", kwargs={"token": link})


def all_forms(
    client: Client, tenant: Tenant, pages: Iterable[str] = (), method: str = "post"
) -> list[Form]:
    """Every ``method`` form on ``pages`` (by default every page of ``tenant``'s network and the
    pages outside it), one per address and set of fields."""
    found: dict[tuple[str, tuple[str, ...]], Form] = {}
    pages = pages or [*network_pages(tenant), *(reverse(name) for name in OUTSIDE_PAGES)]
    for page in pages:
        for form in forms_on(client, page):
            if form.method != method:
                continue
            if urlsplit(form.action).path.startswith(("/i18n/", "/logout/")):
                continue  # the language switch and logout: no input to speak of
            form.fields.update(HIDDEN_UNTIL_USED.get(_route_name(form.action) or "", {}))
            key = (_route_name(form.action) or form.action, tuple(sorted(form.fields)))
            found.setdefault(key, form)
    return list(found.values())


def _route_name(url: str) -> str | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name


def _with_every_form(tenant: Tenant) -> None:
    """Give each login of ``tenant`` what makes the remaining forms appear: something to
    undo, a random-coffee round they take part in with a meeting ahead, introductions waiting
    for their answer and for their "we met", and a report that failed."""
    network, today = tenant.network, timezone.localdate()
    people = list(Person.objects.filter(network=network).order_by("pk")[:8])
    coffee = Routine.objects.create(
        network=network,
        name="Koffie",
        format=Format.RANDOM_COFFEE,
        cadence=Cadence.MONTHLY,
        started_on=today - timedelta(days=60),
    )
    Occurrence.objects.create(routine=coffee, on=today + timedelta(days=9), scheduled_for=today)
    for offset, role in enumerate((Role.STEWARD, Role.MEMBER)):
        login = tenant.logins[role]
        actor = actor_for(login, network.slug)
        me = actor.person
        assert me is not None
        interaction_log(
            actor, subject=me, verb=Verb.MET, other=people[5 + offset], occurred_on=today, note=""
        )
        Participant.objects.create(routine=coffee, person=me, status=ParticipantStatus.ACTIVE)
        for other, status in ((people[3], IntroStatus.SENT), (people[4], IntroStatus.ACCEPTED)):
            Introduction.objects.create(
                network=network,
                person_a=me,
                person_b=other,
                status=status,
                suggested_on=today,
                sent_on=today,
                accepted_on=today if status == IntroStatus.ACCEPTED else None,
                answer_a=IntroAnswer.ACCEPTED
                if status == IntroStatus.ACCEPTED
                else IntroAnswer.PENDING,
                answer_b=IntroAnswer.ACCEPTED
                if status == IntroStatus.ACCEPTED
                else IntroAnswer.PENDING,
            )
    ReportRun.objects.create(
        network=network,
        year=2024,
        language="en",
        format="html",
        audience="network",
        status=RunStatus.FAILED,
        created_by=tenant.logins[Role.STEWARD],
    )


@pytest.fixture
def tenants() -> tuple[Tenant, Tenant]:
    alpha = tenant_make("alpha", seed=21)
    _with_every_form(alpha)
    return alpha, tenant_make("beta", seed=22)


def _rows() -> dict[str, int]:
    """How many rows each of netweave's tables has, in one query: a query per table, twice for
    every submission, was most of this module's time on PostgreSQL (over four minutes a run)."""
    models = _models()
    quote = connection.ops.quote_name
    counts = ", ".join(
        f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})"  # noqa: S608 - the models' own tables
        for m in models
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, row, strict=True)}


def _models() -> list:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("netweave.")
        and m._meta.label not in {"web.RuntimeState"}
        and not m._meta.label.startswith(("dashboard.", "reports.ReportRun"))
    ]


def _foreign_ids(other: Tenant) -> list[str]:
    """An id of a row of every kind that ``other`` (another network) has."""
    ids = []
    for model in _models():
        if any(f.name == "network" for f in model._meta.get_fields()):
            row = model._default_manager.filter(network=other.network).order_by("pk").first()
            if row is not None:
                ids.append(str(row.pk))
    return sorted(set(ids))


def _variants(form: Form, foreign: list[str]) -> Iterator[tuple[str, dict[str, list[str]]]]:
    for name, value in form.fields.items():
        if name == "csrfmiddlewaretoken":
            continue
        values = list(HOSTILE)
        if name in form.choices or (value and value[0].isdigit()) or name in _HIDDEN_NAMES:
            values += [*foreign, "999999999"]  # another network's rows, and no row at all
        for bad in values:
            yield name, {**form.fields, name: [bad]}
    yield "(all)", {name: [SCRIPT] for name in form.fields}  # every field at once
    yield "(twice)", {name: [*value, *value] for name, value in form.fields.items()}


_HIDDEN_NAMES = {name for fields in HIDDEN_UNTIL_USED.values() for name in fields}


def _refused(response) -> bool:
    """The form came back: 400 (netweave's answer to a form it did not take), or 200 with a
    form that has errors (Django's own views)."""
    if response.status_code == 400:
        return True
    context = response.context or {}
    flat = context.flatten() if hasattr(context, "flatten") else {}
    return response.status_code == 200 and any(
        isinstance(value, BaseForm) and value.is_bound and value.errors for value in flat.values()
    )


def _refused_says_why(content: bytes) -> bool:
    """A message next to a field (Django's error list), above the form, or at the top of the
    page (``messages.error``) for a form of buttons only."""
    return any(
        mark in content
        for mark in (
            b'class="errorlist',
            b'class="field-error',
            b'role="alert"',
            b'class="message error',
        )
    )


def _submit(client: Client, form: Form, data: dict[str, list[str]], label: str) -> list[str]:
    problems = []
    where = f"{form.action} [{label}]"
    with transaction.atomic():
        try:
            if label == "(again)":  # the same form sent twice, as a double click does
                client.post(form.action, data)
            before = _rows()
            response = client.post(form.action, data, follow=True)
        except Exception as error:  # the view's own exception, re-raised by the test client
            transaction.set_rollback(True)
            return [f"{where}: server error {type(error).__name__}: {str(error)[:200]}"]
        after = _rows()
        transaction.set_rollback(True)
    if response.status_code >= 500:
        problems.append(f"{where}: {response.status_code}")
    if SCRIPT.encode() in response.content:
        problems.append(f"{where}: markup came back unescaped")
    if _refused(response):
        if not _refused_says_why(response.content) and b"<form" in response.content:
            problems.append(f"{where}: form refused without a message")
        problems += [f"{where}: {problem}" for problem in aria_problems(response.content)]
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if changed:
            problems.append(f"{where}: refused but wrote {changed}")
    return problems


def _walk(
    client: Client, alpha: Tenant, beta: Tenant, pages: Iterable[str] = (), part: int | None = None
) -> list[str]:
    """Send every form on ``pages`` (by default all of ``alpha``'s) every variant; with
    ``part``, only every :data:`FORM_PARTS`-th form from that one on."""
    foreign = _foreign_ids(beta)
    problems = []
    forms = all_forms(client, alpha, pages)
    if part is not None:
        forms = forms[part::FORM_PARTS]
    assert forms, "no forms found: the walk is broken"
    for form in forms:
        problems += _submit(client, form, form.fields, "(again)")
        for name, data in _variants(form, foreign):
            shown = repr(data[name][0][:20]) if name in data else ""
            problems += _submit(client, form, data, f"{name}={shown}")
    return problems


FORM_PARTS = 2
"""A role's forms are walked in this many tests, so that the test runner's processes share the
walk (the steward's took four minutes of one process on PostgreSQL)."""


@pytest.mark.parametrize("part", range(FORM_PARTS))
@pytest.mark.parametrize("role", [Role.STEWARD, Role.MEMBER])
def test_no_input_breaks_a_form(client, tenants, role, part):
    alpha, beta = tenants
    client.force_login(alpha.logins[role])
    problems = _walk(client, alpha, beta, part=part)
    assert not problems, "\n".join(problems)


def test_no_query_breaks_a_page(client, tenants):
    """The filters and searches (GET forms, and the quick log's autocomplete): a page, never a
    server error, and markup typed into a search never comes back as markup."""
    alpha, beta = tenants
    client.force_login(alpha.logins[Role.STEWARD])
    forms = all_forms(client, alpha, method="get")
    search = reverse("ledger:people_search", kwargs={"slug": alpha.network.slug})
    forms.append(Form(search, search, "get", {"field": ["other"], "other_query": [""]}))
    assert len(forms) > 3, forms
    problems = []
    for form in forms:
        for name, data in _variants(form, _foreign_ids(beta)):
            where = f"{form.action} [{name}={data[name][0][:20]!r}]" if name in data else name
            try:
                response = client.get(form.action, data)
            except Exception as error:  # the view's own exception, re-raised by the test client
                problems.append(f"{where}: server error {type(error).__name__}: {error}"[:300])
                continue
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
            if not response.streaming and SCRIPT.encode() in response.content:
                problems.append(f"{where}: markup came back unescaped")
    assert not problems, "\n".join(problems)


def test_no_input_breaks_a_mailed_links_form(client, tenants):
    """Accepting an invitation, choosing a new password, "did it happen?" and an introduction's
    buttons: the forms a visitor reaches from a mail, without logging in."""
    alpha, beta = tenants
    pages = list(link_pages(alpha))
    reached = {_route_name(form.action) for form in all_forms(client, alpha, pages)}
    assert reached >= {
        "accounts:accept",
        "accounts:password_reset_confirm",
        "routines:answer",
        "introductions:link",
    }, reached
    problems = _walk(client, alpha, beta, pages)
    assert not problems, "\n".join(problems)


def test_every_post_address_has_a_form(client, tenants):
    """The walk above only reaches forms that some page shows."""
    alpha, _beta = tenants
    reached = set()
    for role in (Role.STEWARD, Role.MEMBER):
        client.force_login(alpha.logins[role])
        reached |= {_route_name(form.action) for form in all_forms(client, alpha)}
    posted = {
        route.name
        for route in scoped_routes()
        if route.spec is not None and "POST" in route.spec.methods
    }
    posted -= NO_PAGE_SHOWS
    assert not posted - reached, f"POST addresses no page shows a form for: {posted - reached}"


TAG = "<img src=x onerror=alert(1)>"  # markup without a slash, which a token cannot hold


@pytest.mark.parametrize("token", ["\x00", "a\x00b", "x" * 10_000, TAG, "😀"])
def test_a_broken_link_is_a_page_not_a_server_error(client, token):
    """Every address with a token in it (invitations, password links, mailed answers, calendar
    feeds), opened with a token that was mangled on its way: a page, never a server error."""
    routes = [
        route
        for route in all_routes()
        if route.spec is None and any(conv == "StringConverter" for _n, conv in route.kwargs)
    ]
    assert len(routes) >= 4, routes
    for route in routes:
        kwargs = {name: token for name, _conv in route.kwargs}
        url = reverse(route.name, kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code < 500, (route.route, method, response.status_code)
            if not response.streaming:
                assert TAG.encode() not in response.content, route.route


def _api_operations(client: Client) -> Iterator[tuple[str, str, list[str]]]:
    """(method, path, parameter or body field names) of every API operation, from its schema."""
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None:
                ref = body["schema"].get("items", body["schema"]).get("$ref", "")
                item = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
                names = list(item["properties"])
            yield method, path, names


def test_no_input_breaks_the_api(client, tenants):
    """Every operation of the JSON API (found in its OpenAPI schema): each query parameter, and
    each field of a logged interaction, with every hostile value. A 4xx with a reason, never a
    server error, and a refused write writes nothing."""
    alpha, beta = tenants
    _token, plain = token_create(alpha.logins[Role.STEWARD], name="bad input")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {plain}"}
    people = list(Person.objects.filter(network=alpha.network, left_on__isnull=True)[:2])
    valid = {
        "subject": people[0].pk,
        "verb": "met",
        "other": people[1].pk,
        "occurred_on": "2026-01-05",
        "note": "",
    }
    values: list[object] = [*HOSTILE, None, -1, 10**30, 1.5, [], {}, *map(int, _foreign_ids(beta))]
    problems, writes = [], 0
    for method, path, names in _api_operations(client):
        url = path.replace("{slug}", alpha.network.slug)
        for name in names:
            for bad in values:
                with transaction.atomic():
                    before = _rows()
                    if method == "post":
                        body = [{**valid, name: bad}]
                        response = client.post(
                            url, body, content_type="application/json", **headers
                        )
                    else:
                        response = client.get(
                            url, {name: bad} if bad is not None else {}, **headers
                        )
                    changed = _rows() != before
                    transaction.set_rollback(True)
                where = f"{method.upper()} {path} [{name}={str(bad)[:20]!r}]"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                elif response.status_code >= 400 and changed:
                    problems.append(f"{where}: refused but wrote")
                writes += method == "post"
    assert writes, "no API write was tried: the schema walk is broken"
    assert not problems, "\n".join(problems)


# Dates a form takes as dates but no one could mean there: (URL name, field, a date that is
# taken, dates that are not). None: the date the page filled in.
NONSENSE_DATES = (
    ("routines:edit", "started_on", None, ("0001-01-01", "1800-01-01", "2999-12-31")),
    ("routines:move", "starts_at", "tomorrow 10:00", ("2999-12-31T10:00", "2100-01-01T09:00")),
    ("introductions:met", "met_on", None, ("2999-12-31",)),
)


def test_dates_that_make_no_sense_are_refused(client, tenants):
    """The form with a sensible date is taken; with one of these it is refused, with the
    message on the page, and nothing is written."""
    alpha, _beta = tenants
    client.force_login(alpha.logins[Role.STEWARD])
    forms = {_route_name(form.action): form for form in all_forms(client, alpha)}
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    for name, field_name, sensible, values in NONSENSE_DATES:
        form = forms[name]
        taken = form.fields[field_name]
        if sensible is not None:
            taken = [sensible.replace("tomorrow ", f"{tomorrow}T")]
        for value, refused in ((taken[0], False), *((v, True) for v in values)):
            with transaction.atomic():
                before = _rows()
                data = {**form.fields, field_name: [value]}
                response = client.post(form.action, data, follow=True)
                after = _rows()
                transaction.set_rollback(True)
            said = _refused_says_why(response.content)
            assert said == refused, (name, value, response.status_code)
            if refused:
                assert before == after, (name, value)
