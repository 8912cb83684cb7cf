"""Load the classification (QĐ 148 and QĐ 1048 with the mapping), the sales channels and the dossier checklist
from the files in ``products/data/``."""

from django.db import migrations


def load(apps, schema_editor):
    from products.reference_data import load_classification, load_document_types, load_sales_channels

    ProductClass = apps.get_model("products", "ProductClass")
    load_classification(ProductClass)
    load_sales_channels(apps.get_model("products", "SalesChannel"))
    load_document_types(apps.get_model("products", "DocumentType"), ProductClass)


class Migration(migrations.Migration):
    dependencies = [("products", "0002_classification_fields")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
