"""Load criteria sheets (phiếu chấm) from a directory of CSV files into a rule set, refusing any that does not add up.

    python manage.py load_criteria evaluations/data/criteria-qd148 --rule-set qd148

All files are validated first; if ANY file breaks a rule, nothing is stored and every problem is printed with the
file name and the CSV line. A rule set that reuses another one's sheets (``based_on``, e.g. qd148_1489 → qd148)
is not loaded itself: load the base rule set.
"""

from django.core.management.base import BaseCommand, CommandError

from evaluations.criteria_loader import CriteriaError
from evaluations.models import RuleSet
from evaluations.services import criteria_load


class Command(BaseCommand):
    help = "Nạp các bộ tiêu chí (tệp CSV) vào một bộ quy định đánh giá; từ chối bộ không cộng đúng điểm."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Thư mục chứa các tệp NN-*.csv")
        parser.add_argument("--rule-set", required=True, help="Mã bộ quy định, ví dụ qd148")
        parser.add_argument("--only", type=int, nargs="*", help="Chỉ nạp các bộ có số thứ tự này")

    def handle(self, *args, **options):
        code = options["rule_set"]
        try:
            rule_set = RuleSet.objects.get(code=code)
        except RuleSet.DoesNotExist:
            raise CommandError(f"Không có bộ quy định mã «{code}».") from None
        try:
            outcome = criteria_load(actor=None, rule_set=rule_set, directory=options["directory"], only=options["only"])
        except CriteriaError as exc:
            raise CommandError(f"Không nạp được: {len(exc.problems)} lỗi, không có bộ nào được lưu.\n{exc}") from None
        labels = {"created": "đã nạp", "replaced": "đã nạp lại", "unchanged": "không đổi"}
        for number, state in outcome:
            self.stdout.write(f"  Bộ {number:>2}: {labels[state]}")
        self.stdout.write(self.style.SUCCESS(f"Xong: {len(outcome)} bộ tiêu chí của {rule_set.code}."))
