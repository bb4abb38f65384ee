"""Production settings pass Django's deployment checklist, warnings included, with nothing but
the environment variables the README documents."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys


def test_check_deploy_is_clean_with_the_documented_environment(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("NETWEAVE_", "DJANGO_"))}
    environment = {
        **clean,
        "DJANGO_SETTINGS_MODULE": "netweave.settings.production",
        "NETWEAVE_HOME": str(tmp_path),
        "NETWEAVE_SECRET_KEY": secrets.token_urlsafe(60),
        "NETWEAVE_ALLOWED_HOSTS": "netweave.example.org",
        "NETWEAVE_SITE_URL": "https://netweave.example.org",
        "NETWEAVE_SMTP_HOST": "smtp.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
