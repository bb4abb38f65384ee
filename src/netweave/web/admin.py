"""The Django admin is the installation administrator's tool, not a steward's.

Its model pages are not scoped to a network, so only superusers may enter: a staff flag alone
would show every tenant's people to whoever holds it. Stewards work in netweave's own pages,
which go through ``network_get_for_user``.
"""

from django.contrib import admin
from django.http import HttpRequest


def _superusers_only(request: HttpRequest) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _superusers_only  # type: ignore[method-assign]
