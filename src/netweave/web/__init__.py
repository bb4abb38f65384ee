"""Shared layout, templates and static assets, and the pages of the web app."""
