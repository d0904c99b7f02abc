"""Helpers shared by the apps' tests (not used by the product)."""
