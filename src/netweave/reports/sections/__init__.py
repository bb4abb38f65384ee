"""Chapters of the annual report, one module each, each building a frozen section object from
:mod:`netweave.insights` results (the report's older chapters still live in ``assemble.py``)."""
