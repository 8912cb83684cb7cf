from django.apps import AppConfig


class OcopPortalConfig(AppConfig):
    name = "ocop_portal"
    verbose_name = "Cổng OCOP"
