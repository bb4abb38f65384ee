"""How `netweave serve` stores the collected static files (settings.STORAGES)."""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed files under content-hashed names.

    JavaScript is copied as it is: the vendored bundles name source maps that are not shipped,
    which the rewriting of JavaScript references would refuse.
    """

    patterns = tuple(
        (glob, rules)
        for glob, rules in CompressedManifestStaticFilesStorage.patterns
        if glob != "*.js"
    )
