"""Template filters of the LKE pages: scores for people (2 decimals, localised)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from integritas.assessment.scores import points

register = template.Library()


@register.filter
def pts(value: Fraction | Decimal | int | None) -> str:
    """Score points with 2 decimals (``15,75`` in Indonesian); ``—`` for None."""
    if value is None:
        return "—"
    if isinstance(value, Fraction):
        value = points(value, 2)
    return number_format(Decimal(value), 2, use_l10n=True)


@register.filter
def bound(value: Fraction | bool | None) -> str:
    """A verdict bound: points, or yes/no for a prior predicate."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return _("unknown")
    return pts(value)
