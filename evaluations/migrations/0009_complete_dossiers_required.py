"""Complete dossiers are required for real (issue #15): the rule sets of the decisions refuse a submission lacking a
required document unless the officer gives an explicit reason. A rule set added later checks dossiers by default."""

from django.db import migrations, models

RULE_SET_CODES = ["qd1048", "qd148", "qd148_1489"]


def forwards(apps, schema_editor):
    apps.get_model("evaluations", "RuleSet").objects.filter(code__in=RULE_SET_CODES).update(
        requires_complete_dossier=True
    )


def backwards(apps, schema_editor):
    apps.get_model("evaluations", "RuleSet").objects.filter(code__in=RULE_SET_CODES).update(
        requires_complete_dossier=False
    )


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0008_dossier_text_defaults"),
    ]

    operations = [
        migrations.AlterField(
            model_name="ruleset",
            name="requires_complete_dossier",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Bật: hồ sơ đăng ký chỉ gửi được khi đủ các loại hồ sơ bắt buộc của nhóm sản phẩm (danh mục loại "
                    "hồ sơ), trừ khi cán bộ ghi rõ lý do gửi thiếu."
                ),
                verbose_name="từ chối hồ sơ thiếu giấy tờ bắt buộc",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
