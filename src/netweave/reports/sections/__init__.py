"""Chapters of the annual report, one module each: each reads a
:class:`~netweave.reports.sections.context.ReportContext` (or the insights it holds) and returns
a frozen section object; :mod:`netweave.reports.assemble` puts them together."""
