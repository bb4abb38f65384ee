"""Giving a network back: spreadsheets, graph files for Gephi and Kumu, netweave JSON."""
