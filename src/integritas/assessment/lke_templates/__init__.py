"""Versioned LKE templates shipped as package data (one JSON file per rule set).

Loaded through :func:`integritas.assessment.lke_template.load_template`; each file carries its
regulation and effective date so an assessment keeps the rules it was made under.
"""
