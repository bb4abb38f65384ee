"""Introductions and their life cycle. Data and constraints only; writes live in services.py.

suggested → sent → each side accepts or declines (contact details are shared only when both
accept) → met (logged as interactions, the introducer credited) → four weeks later "did anything
come of it?" → followed up, with an outcome.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from netweave.debounce import DebouncedState
from netweave.networks.models import Network, Person


class Status(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    MET = "met", _("Met")
    FOLLOWED_UP = "followed_up", _("Followed up")


class Answer(models.TextChoices):
    """One side's answer to an introduction."""

    PENDING = "pending", _("No answer yet")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class Outcome(models.TextChoices):
    """What came of an introduction, asked four weeks after the two met."""

    WORKING_TOGETHER = "working_together", _("We work together")
    HELPED = "helped", _("It helped")
    LATER = "later", _("Not yet, maybe later")
    NOTHING = "nothing", _("Nothing came of it")


class Introduction(models.Model):
    """``introducer`` brings ``person_a`` and ``person_b`` together, for ``reason``."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="introductions")
    introducer = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("introducer"),
    )
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUGGESTED
    )
    suggested_on = models.DateField(_("suggested on"))
    met_on = models.DateField(_("met on"), null=True, blank=True)
    # The recommender's machine-readable reasons (netweave.insights.suggestions.Reason): a list
    # of {reason, contribution, people, themes, ask_id, offer_id}. Sentences are made from them
    # in the reader's language when shown, so they are stored as data, not as words.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    answer_a = models.CharField(
        _("answer of the first"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    answer_b = models.CharField(
        _("answer of the second"), max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    accepted_on = models.DateField(_("both accepted on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("what came of it"), blank=True)
    outcome_on = models.DateField(_("outcome given on"), null=True, blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-suggested_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(person_a=F("person_b")), name="introduction_two_people"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="introduction_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(answer_a__in=Answer.values) & Q(answer_b__in=Answer.values),
                name="introduction_answers_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values),
                name="introduction_outcome_valid",
            ),
        ]
        indexes = [models.Index(fields=["network", "status"], name="introduction_by_status")]

    def __str__(self) -> str:
        return f"{self.person_a} ↔ {self.person_b} ({self.status})"

    def side(self, person: Person) -> str | None:
        """``"a"`` or ``"b"`` for one of the two introduced, None for anyone else."""
        if person.pk == self.person_a_id:
            return "a"
        if person.pk == self.person_b_id:
            return "b"
        return None

    def other(self, person: Person) -> Person:
        """The other one of the two (``person`` must be one of them)."""
        return self.person_b if person.pk == self.person_a_id else self.person_a

    def answer_of(self, person: Person) -> str:
        return self.answer_a if self.side(person) == "a" else self.answer_b


class MailPurpose(models.TextChoices):
    INVITATION = "invitation", _("Introduction")
    CONTACTS = "contacts", _("Contact details")
    FOLLOW_UP = "follow_up", _("Follow-up")


class IntroductionMail(models.Model):
    """A mail sent to one of the two about an introduction: unique per introduction, person and
    purpose, written in the same transaction as the sending, so nothing is ever sent twice."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=20, choices=MailPurpose.choices)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("introduction mail")
        verbose_name_plural = _("introduction mails")
        constraints = [
            models.UniqueConstraint(
                fields=["introduction", "person", "purpose"], name="introduction_mail_unique"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=MailPurpose.values), name="introduction_mail_purpose_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.introduction_id} → {self.person}"


class DigestMail(models.Model):
    """The weekly digest of ``person`` for the week starting on Monday ``week``, dealt with."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("week"))
    sent_at = models.DateTimeField(_("sent at"))
    items = models.PositiveIntegerField(
        _("items"), help_text=_("What the digest listed; 0: nothing to say, no mail was sent.")
    )

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        constraints = [
            models.UniqueConstraint(fields=["person", "week"], name="digest_mail_unique")
        ]

    def __str__(self) -> str:
        return f"{self.week} → {self.person}"


class SuggestionSet(DebouncedState):
    """When a network's suggested introductions (:class:`StoredSuggestion`) were computed.

    Running the recommender takes half a minute at 10,000 members, so no page and no digest
    does it: a background task (:mod:`netweave.introductions.tasks`) stores every member's best
    suggestions and they read them. Derived data: not in the network JSON, recomputed anywhere.
    """

    network = models.OneToOneField(Network, on_delete=models.CASCADE, related_name="suggestion_set")
    as_of = models.DateField(_("suggestions as of"), null=True, blank=True)

    class Meta:
        verbose_name = _("suggestion set")
        verbose_name_plural = _("suggestion sets")

    def __str__(self) -> str:
        return f"{self.network} {self.as_of}"


class StoredSuggestion(models.Model):
    """One row of the recommender's answer: introduce ``person`` to ``other`` (their ``rank``-th
    best), with the machine-readable ``reasons`` relative to ``person``."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("stored suggestion")
        verbose_name_plural = _("stored suggestions")
        indexes = [models.Index(fields=["network", "person"], name="stored_suggestion_person")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.other_id} #{self.rank}"
