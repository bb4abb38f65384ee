"""Routines: recurring meetups, intervision circles and random-coffee rounds, with occurrences."""
