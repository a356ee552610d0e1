"""PDF documents with WeasyPrint: right-to-left, Vazirmatn embedded from the self-hosted files."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

FONT_FILES = {
    400: "vendor/vazirmatn/fonts/ttf/Vazirmatn-Regular.ttf",
    700: "vendor/vazirmatn/fonts/ttf/Vazirmatn-Bold.ttf",
}


def font_faces() -> list[dict]:
    faces = []
    for weight, relative in FONT_FILES.items():
        found = finders.find(relative)
        if not found:
            raise RuntimeError(f"{relative} is missing: run `make setup` to copy the npm assets")
        faces.append({"weight": weight, "url": Path(found).as_uri()})
    return faces


def render_pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        template,
        {**context, "font_faces": font_faces(), "office_name": settings.HAMAHANG_OFFICE_NAME},
    )
    return HTML(string=html, base_url=str(Path(__file__).resolve().parent)).write_pdf()


def pdf_response(template: str, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
