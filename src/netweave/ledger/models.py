"""Interactions, asks and offers. Data and constraints only; writes live in services.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Language, Network, Person, Theme


class Kind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    INTRODUCTION = "introduction", _("Introduction")
    HELP = "help", _("Help")
    JOINT_WORK = "joint_work", _("Joint work")
    EVENT = "event", _("Event")


class Purpose(models.TextChoices):
    NETWORK = "network", _("Building the network")
    OUTSIDE = "outside", _("Serving the outside world")


class Source(models.TextChoices):
    LOGGED = "logged", _("Logged")
    IMPORTED = "imported", _("Imported")
    ROUTINE = "routine", _("Routine")


class Channel(models.TextChoices):
    """Where an interaction was logged from (``source`` says what it is for the metrics)."""

    WEB = "web", _("Web")
    IMPORT = "import", _("Import")
    API = "api", _("API")
    ROUTINE = "routine", _("Routine")


class Interaction(models.Model):
    """Two people did something together on a day.

    When ``directed`` is set, ``person_a`` gave and ``person_b`` received (help, an introduction
    made, hosting); otherwise the order of the two carries no meaning.
    """

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="interactions")
    occurred_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    directed = models.BooleanField(
        _("directed"), default=False, help_text=_("The first person gave, the second received.")
    )
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.NETWORK
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.LOGGED
    )
    occurrence = models.ForeignKey(
        "routines.Occurrence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interactions",
    )
    note = models.TextField(_("note"), blank=True)
    # Who logged it and from where. Bulk loaders leave them at "import", nobody, no time.
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    logged_via = models.CharField(
        _("logged via"), max_length=10, choices=Channel.choices, default=Channel.IMPORT
    )
    logged_at = models.DateTimeField(_("logged at"), null=True, blank=True)
    import_key = models.CharField(
        _("import key"),
        max_length=200,
        blank=True,
        help_text=_(
            "Identifies an imported row so that importing the same file again adds nothing."
        ),
    )

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_on"]
        indexes = [
            models.Index(fields=["network", "occurred_on"]),
            # A member's own ties are read from their rows only (the member home, a card).
            models.Index(fields=["person_a", "occurred_on"], name="interaction_a_on"),
            models.Index(fields=["person_b", "occurred_on"], name="interaction_b_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(person_a=F("person_b")), name="interaction_two_people"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="interaction_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="interaction_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=Source.values), name="interaction_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(logged_via__in=Channel.values), name="interaction_logged_via_valid"
            ),
            models.UniqueConstraint(
                fields=["network", "import_key"],
                condition=~Q(import_key=""),
                name="interaction_unique_import_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.kind}: {self.person_a} – {self.person_b}"


class Listing(models.Model):
    """What an ask and an offer share: a person's short text on a theme, open until closed."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="%(class)ss")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="%(class)ss")
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="%(class)ss"
    )
    text = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    created_on = models.DateField(_("created on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_on"]

    def __str__(self) -> str:
        return self.text[:80]


class Ask(Listing):
    """What a member is running into."""

    class Meta(Listing.Meta):
        verbose_name = _("ask")
        verbose_name_plural = _("asks")


class Offer(Listing):
    """What a member can contribute."""

    class Meta(Listing.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")


class PersonTies(models.Model):
    """A person's ties as last computed, with what they were computed from (``ledger.ties``).

    ``ties`` holds ``[other id, warmth, state, last contact]`` rows, warmest first. They are
    valid for the day ``as_of``, the metric settings ``settings_key`` and the person's
    interactions up to that day while those still number ``interactions`` with the highest id
    ``last_interaction``: a read compares all four with the database in the same query.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    as_of = models.DateField(_("ties as of"))
    settings_key = models.CharField(_("metric settings key"), max_length=64)
    interactions = models.PositiveIntegerField(_("interactions read"))
    last_interaction = models.PositiveBigIntegerField(_("last interaction read"))
    ties = models.JSONField(_("ties"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("person's ties")
        verbose_name_plural = _("people's ties")

    def __str__(self) -> str:
        return f"{self.person_id} {self.as_of}"
