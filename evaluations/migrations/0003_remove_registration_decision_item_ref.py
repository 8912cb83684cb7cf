from django.db import migrations


class Migration(migrations.Migration):
    """The link to the decision is ``decisions.Recognition.registration`` (copied by decisions.0003)."""

    dependencies = [
        ("evaluations", "0002_rule_sets"),
        ("decisions", "0003_recognition_registration_fk"),
    ]

    operations = [migrations.RemoveField(model_name="registration", name="decision_item_ref")]
