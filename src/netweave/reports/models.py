"""Generated annual reports (runs): what was asked, by whom, and where the file is.

Data and constraints only; writes live in services.py, the work in tasks.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Language, Network
from netweave.reports.document import Audience


class ReportFormat(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"


class AudienceChoice(models.TextChoices):
    STEWARDS = Audience.STEWARDS.value, _("Stewards only (everyone named)")
    NETWORK = Audience.NETWORK.value, _("The network (named with consent)")
    PUBLIC = Audience.PUBLIC.value, _("Public (pseudonymised)")


VISIBLE_TO_MEMBERS = (Audience.NETWORK.value, Audience.PUBLIC.value)
"""Audiences whose reports members and sponsors may download (stewards may download all)."""


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


# Failures netweave recognises are stored as these codes and shown translated.
WORKER_LOST = "worker-lost"
INTERRUPTED = "interrupted"
DISK_FULL = "disk-full"
FAILURE_MESSAGES = {
    WORKER_LOST: _(
        "The background worker making this report stopped before it was done. Nothing was "
        "kept; try again."
    ),
    INTERRUPTED: _("netweave was stopped while making this report. Nothing was kept; try again."),
    DISK_FULL: _(
        "The disk was full while this report was written. Nothing was kept; ask the "
        "administrator to free some space, then try again."
    ),
}


class ReportRun(models.Model):
    """One request to generate a network annual report, and its outcome."""

    Status = RunStatus

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="report_runs")
    year = models.PositiveIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    audience = models.CharField(
        _("audience"),
        max_length=10,
        choices=AudienceChoice.choices,
        default=AudienceChoice.NETWORK,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.CharField(
        _("file"), max_length=500, blank=True, help_text=_("Path relative to the reports folder.")
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, help_text=_("How many times a worker started this run.")
    )
    worker = models.CharField(
        _("worker"),
        max_length=100,
        blank=True,
        help_text=_("host:namespace:process of the worker."),
    )
    heartbeat_at = models.DateTimeField(
        _("last sign of life"),
        null=True,
        blank=True,
        help_text=_("The worker making the run updates this while it lives."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=ReportFormat.values), name="report_run_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=AudienceChoice.values), name="report_run_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="report_run_status_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_run_progress_max"),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.year} {self.language} {self.format} ({self.status})"

    @property
    def problem(self) -> str:
        """Why the run failed, in the reader's language when netweave itself said it."""
        known = FAILURE_MESSAGES.get(self.error)
        return str(known) if known is not None else self.error
