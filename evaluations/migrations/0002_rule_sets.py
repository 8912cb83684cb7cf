"""The rule sets known when this migration was written, with what each level may recognise and forward.

Later rule sets (e.g. a 2026 decision) are added by a new data migration or in the admin, never by editing these.
"""

import datetime
from decimal import Decimal

from django.db import migrations

RULE_SETS = [
    {
        "code": "qd1048",
        "name": "QĐ 1048/QĐ-TTg (sửa đổi bởi QĐ 781/QĐ-TTg)",
        "decision_number": "1048/QĐ-TTg",
        "decision_date": datetime.date(2019, 8, 21),
        "effective_from": datetime.date(2019, 8, 21),
        "effective_to": datetime.date(2023, 2, 23),
        "product_regime": "qd1048",
        "parts": (35, 25, 40),
        "requires_commune_report": False,
        "based_on": None,
        # level: (recognises min, max, forwards from score)
        "reaches": {"district": (None, None, 50), "province": (3, 4, 90), "central": (5, 5, None)},
        "note": "Bộ tiêu chí 2019–2023; huyện sơ loại (đề nghị tỉnh từ 50 điểm), tỉnh công nhận 3–4 sao.",
    },
    {
        "code": "qd148",
        "name": "QĐ 148/QĐ-TTg",
        "decision_number": "148/QĐ-TTg",
        "decision_date": datetime.date(2023, 2, 24),
        "effective_from": datetime.date(2023, 2, 24),
        "effective_to": datetime.date(2025, 7, 5),
        "product_regime": "qd148",
        "parts": (40, 25, 35),
        "requires_commune_report": False,
        "based_on": None,
        "reaches": {"district": (3, 3, 70), "province": (4, 4, 90), "central": (5, 5, None)},
        "note": "Ba cấp: huyện công nhận 3 sao, tỉnh 4 sao, trung ương 5 sao.",
    },
    {
        "code": "qd148_1489",
        "name": "QĐ 148/QĐ-TTg sửa đổi bởi QĐ 1489/QĐ-TTg",
        "decision_number": "1489/QĐ-TTg",
        "decision_date": datetime.date(2025, 7, 6),
        "effective_from": datetime.date(2025, 7, 6),
        "effective_to": None,
        "product_regime": "qd148",
        "parts": (40, 25, 35),
        "requires_commune_report": True,
        "based_on": "qd148",
        "reaches": {"province": (3, 4, 90), "central": (5, 5, None)},
        "note": "Bỏ cấp huyện; tỉnh công nhận 3–4 sao; UBND xã đánh giá trước và lập báo cáo. "
        "Dùng nguyên 26 phiếu chấm của QĐ 148.",
    },
]


def forwards(apps, schema_editor):
    RuleSet = apps.get_model("evaluations", "RuleSet")
    LevelReach = apps.get_model("evaluations", "LevelReach")
    for data in RULE_SETS:
        a, b, c = data["parts"]
        rule_set, _created = RuleSet.objects.update_or_create(
            code=data["code"],
            defaults={
                "name": data["name"],
                "decision_number": data["decision_number"],
                "decision_date": data["decision_date"],
                "effective_from": data["effective_from"],
                "effective_to": data["effective_to"],
                "product_regime": data["product_regime"],
                "part_a_max": Decimal(a),
                "part_b_max": Decimal(b),
                "part_c_max": Decimal(c),
                "requires_commune_report": data["requires_commune_report"],
                "based_on": RuleSet.objects.get(code=data["based_on"]) if data["based_on"] else None,
                "published": True,
                "note": data["note"],
            },
        )
        for level, (low, high, forward) in data["reaches"].items():
            LevelReach.objects.update_or_create(
                rule_set=rule_set,
                level=level,
                defaults={
                    "recognises_min_stars": low,
                    "recognises_max_stars": high,
                    "forwards_min_score": Decimal(forward) if forward is not None else None,
                },
            )


def backwards(apps, schema_editor):
    apps.get_model("evaluations", "LevelReach").objects.filter(
        rule_set__code__in=[d["code"] for d in RULE_SETS]
    ).delete()
    RuleSet = apps.get_model("evaluations", "RuleSet")
    RuleSet.objects.filter(code="qd148_1489").delete()
    RuleSet.objects.filter(code__in=["qd148", "qd1048"]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
