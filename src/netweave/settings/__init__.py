"""Settings split as base / local / production / test; choose with DJANGO_SETTINGS_MODULE."""
