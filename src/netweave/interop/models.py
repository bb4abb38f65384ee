"""What the interop app stores itself: the column mapping a steward chose, per network and kind."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from netweave.networks.models import Network


class ImportMapping(models.Model):
    """The last mapping (file header → field) a steward used for one kind of file, remembered
    so that next month's export from the same spreadsheet imports without mapping again."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20)
    mapping = models.JSONField(_("column mapping"), default=dict)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [
            models.UniqueConstraint(fields=["network", "kind"], name="import_mapping_unique")
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.kind}"
