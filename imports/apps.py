from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Nhập dữ liệu"

    def ready(self):
        # Each importable list exports the columns of its importer, so an exported file can be imported back.
        from ocop_portal.exports import register_columns

        from .importers import IMPORTERS

        for importer in IMPORTERS.values():
            if importer.model is not None and importer.exports_list:
                register_columns(
                    importer.model, importer.export_columns, importer.export_related, importer.export_prefetch
                )
