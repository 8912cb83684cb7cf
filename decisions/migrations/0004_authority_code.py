"""Authority.code: a stable key for files and imports (two authorities may share a name: the old and the merged
province's "UBND tỉnh Đồng Tháp"). Existing authorities get ``<level>-<unit code>`` (with the unit's first year
for units of the 2025 structure, whose codes may repeat an old unit's), made unique with "-2", "-3"..."""

from django.db import migrations, models

from decisions.models import authority_code_base, unique_code


def give_codes(apps, schema_editor):
    Authority = apps.get_model("decisions", "Authority")
    taken = set(Authority.objects.filter(code__isnull=False).values_list("code", flat=True))
    for authority in Authority.objects.filter(code__isnull=True).select_related("unit").order_by("pk"):
        base = authority_code_base(authority.level, authority.unit.code, authority.unit.valid_from)
        code = unique_code(base, taken)
        taken.add(code)
        Authority.objects.filter(pk=authority.pk).update(code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0003_recognition_registration_fk"),
        ("areas", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="authority",
            name="code",
            field=models.CharField(
                blank=True,
                help_text="Mã ổn định dùng trong tệp nhập; để trống để tự sinh từ cấp và mã địa bàn (vd. province-87).",
                max_length=40,
                null=True,
                unique=True,
                verbose_name="mã cơ quan",
            ),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
    ]
