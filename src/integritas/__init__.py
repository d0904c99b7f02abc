"""Integritas."""
