"""Introductions: who connects whom, why, and whether they met."""
