"""Bringing files into a network: spreadsheets, calendars and netweave's own JSON."""
