"""Renderers shared by API views: files, and the browsable API under its own CSP."""

from django.conf import settings
from django.utils.csp import CSP
from rest_framework import renderers


class PdfRenderer(renderers.BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; the view answers the file itself."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


def api_pages_csp() -> dict:
    """The site's policy with inline styles allowed (never inline scripts): the browsable
    API and Swagger UI style their elements in place."""
    policy = settings.SECURE_CSP
    if not policy:
        return {}
    return {**policy, "style-src": [*policy.get("style-src", [CSP.SELF]), CSP.UNSAFE_INLINE]}


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable API, served under ``api_pages_csp``."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            response._csp_config = api_pages_csp()
        return super().render(data, accepted_media_type, renderer_context)
