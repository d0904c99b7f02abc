"""PDF reports with WeasyPrint, from the same templates and SVG charts as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render ``template`` (a standalone HTML template with its CSS in a ``<style>``) to PDF.

    PDF templates extend ``core/pdf_base.html``. Charts are inline SVG, so no file or network
    access is needed. Raises whatever WeasyPrint raises on a broken document.
    """
    from weasyprint import HTML

    html = render_to_string(template, context)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    """A PDF download (attachment, ``nosniff``)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
