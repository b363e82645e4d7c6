from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlenaryConfig(AppConfig):
    """The base package as an app, for its template tags; it has no models."""

    name = "plenary"
    verbose_name = _("Plenary")

    def ready(self):
        from plenary.clientip import warn_about_daphne_proxy_headers

        warn_about_daphne_proxy_headers()
