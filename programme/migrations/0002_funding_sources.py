from django.db import migrations


def load(apps, schema_editor):
    from programme.reference_data import ensure_funding_sources

    ensure_funding_sources(apps.get_model("programme", "FundingSource"))


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
