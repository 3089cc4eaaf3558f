from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The top layer: what composes the apps below it (each person's portal page, the demo data)."""

    name = "portal"
    verbose_name = "Portal"
