"""A network (tenant) and who is in it. Data and constraints only; writes live in services.py."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netweave.insights import MetricSettings, SettingsError


class Sector(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge")
    BUSINESS = "business", _("Business")
    GOVERNMENT = "government", _("Government")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    CITIZENS = "citizens", _("Citizens")


class Language(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class Network(models.Model):
    """A tenant: one network with its charter. Networks never see each other's data."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    purpose = models.TextField(_("purpose"), blank=True)
    values = models.TextField(_("values"), blank=True, help_text=_("One value per line."))
    rules = models.TextField(_("rules of the game"), blank=True, help_text=_("One rule per line."))
    metric_settings = models.JSONField(
        _("metric settings"),
        default=dict,
        blank=True,
        help_text=_("Overrides of the default metric parameters, such as half_life_days."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            MetricSettings.from_mapping(self.metric_settings or {})
        except SettingsError as error:
            raise ValidationError({"metric_settings": str(error)}) from error


class Theme(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="themes")
    slug = models.SlugField(_("slug"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["slug"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="theme_unique_slug")
        ]

    def __str__(self) -> str:
        return self.name_en

    def name(self, language: str) -> str:
        return self.name_nl if language == Language.DUTCH else self.name_en


class Organisation(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "slug"], name="organisation_unique_slug"),
            models.CheckConstraint(
                condition=Q(sector__in=Sector.values), name="organisation_sector_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector_label(self) -> str:
        """What ``get_sector_display`` gives, without its cost: Django hashes every choice on
        each call, and the people page shows a sector on each of its rows."""
        return str(_SECTOR_LABELS.get(self.sector, self.sector))


_SECTOR_LABELS = dict(Sector.choices)


def full_name(first_name: str, last_name: str) -> str:
    """How a person is named (``str(person)``), from the two columns alone."""
    return f"{first_name} {last_name}"


class Person(models.Model):
    """A member of one network, as the network knows them (not a login: see Membership)."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="people")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="people", null=True, blank=True
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.DUTCH
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="people")
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    consents_to_reports = models.BooleanField(
        _("named in reports"),
        default=True,
        help_text=_("Whether this person may be named in reports shared beyond the stewards."),
    )
    open_to_introductions = models.BooleanField(
        _("open to introductions"),
        default=True,
        help_text=_("Whether netweave may suggest introducing this person to others."),
    )
    weekly_digest = models.BooleanField(
        _("weekly digest"),
        default=True,
        help_text=_("Whether this person receives the weekly digest by e-mail."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        # People search walks this index in name order and stops at its limit.
        indexes = [
            models.Index(fields=["network", "last_name", "first_name"], name="person_by_name")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "email"],
                condition=~Q(email=""),
                name="person_unique_email",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="person_leaves_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return full_name(self.first_name, self.last_name)


class Role(models.TextChoices):
    STEWARD = "steward", _("Steward")
    MEMBER = "member", _("Member")
    SPONSOR = "sponsor", _("Sponsor")


class Membership(models.Model):
    """A login's access to one network, with its role there; optionally linked to its Person."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    person = models.OneToOneField(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="membership"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "network"], name="membership_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.network} ({self.role})"


class AuditEntry(models.Model):
    """One change someone made in a network: who, when, what, to which record. Append-only."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="audit_entries")
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    verb = models.CharField(_("what"), max_length=60)
    target_type = models.CharField(_("record type"), max_length=60, blank=True)
    target_id = models.CharField(_("record"), max_length=60, blank=True)
    target_label = models.CharField(_("record name"), max_length=200, blank=True)
    detail = models.TextField(_("detail"), blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["network", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.verb} {self.target_label}"
