"""Issue 21 on criteria sets already loaded: nothing about existing scores changes.

* Every criterion whose options have no 0-point case gets the portal's «Không đáp ứng (0 điểm)» option
  (``unmet=True``, shown first). No sheet has chosen it, so no sheet total, submitted sheet or approved score
  changes.
* A criterion line whose title ends with a star mark ("e) Sở hữu trí tuệ****") gets ``mandatory_stars``: the loader
  used to drop it. Every decision option of those criteria is worth more than 0, so every sheet scored so far
  meets the new mark: no result changes.
* Every rule set states how a council meets a mark (``mark_reading``, default: the members' mean) and its source.
"""

import re

from django.db import migrations

UNMET_TEXT = "Không đáp ứng (0 điểm)"
MARK_RE = re.compile(r"(?<!\*)(\*{3,5})\W*$")
SOURCE = (
    "Cách hiểu của cổng thông tin (Phụ lục III Quyết định 148/QĐ-TTg đánh dấu sao nhưng không nói hội đồng đáp ứng "
    "dấu sao thế nào): như điểm sản phẩm là trung bình tổng điểm của các thành viên, điểm hội đồng trên một tiêu "
    "chí có dấu sao là trung bình điểm các thành viên cho tiêu chí đó; «Không đáp ứng» tính 0 điểm. "
    "Xem evaluations/README.md, mục «Dấu sao (tiêu chí bắt buộc)»."
)


def forwards(apps, schema_editor):
    Criterion = apps.get_model("evaluations", "Criterion")
    Option = apps.get_model("evaluations", "Option")
    RuleSet = apps.get_model("evaluations", "RuleSet")
    RuleSet.objects.filter(mark_reading_source="").update(mark_reading_source=SOURCE)
    with_zero = set(Option.objects.filter(points=0).values_list("criterion_id", flat=True))
    Option.objects.bulk_create(
        Option(criterion_id=pk, text=UNMET_TEXT, points=0, unmet=True, order=0)
        for pk in Criterion.objects.exclude(pk__in=with_zero).values_list("pk", flat=True)
    )
    for criterion in Criterion.objects.filter(mandatory_stars__isnull=True, title__contains="***"):
        match = MARK_RE.search(criterion.title.strip())
        if match:
            criterion.mandatory_stars = len(match.group(1))
            criterion.save(update_fields=["mandatory_stars"])


def backwards(apps, schema_editor):
    Option = apps.get_model("evaluations", "Option")
    ScoreLine = apps.get_model("evaluations", "ScoreLine")
    if ScoreLine.objects.filter(option__unmet=True).exists():
        raise RuntimeError("«Không đáp ứng» has been chosen on score sheets: it cannot be removed.")
    Option.objects.filter(unmet=True).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0004_marks_and_unmet")]

    operations = [migrations.RunPython(forwards, backwards)]
