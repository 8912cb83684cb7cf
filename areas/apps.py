from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "areas"
    verbose_name = _("Đơn vị hành chính")

    def ready(self):
        from . import signals  # noqa: F401 - cached scopes follow changes of units and successor links
