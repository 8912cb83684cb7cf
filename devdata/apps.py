from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Development-only code: the demo data (``seed_demo``), the data generator (``generate_data``) and the import
    benchmark (``bench_import``). Installed outside production only (``ocop_portal.settings``); no production module
    imports it."""

    name = "devdata"
    verbose_name = "Dữ liệu mẫu và dữ liệu sinh (chỉ môi trường phát triển)"
