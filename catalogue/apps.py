from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Danh mục OCOP công khai"

    def ready(self):
        from . import signals  # noqa: F401 - the catalogue rows follow product and producer edits
