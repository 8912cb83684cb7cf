"""The council minutes (biên bản, PDF) list per product the star marks that decided its stars: met or missed, by
whom, with the rule set's reading of the marks (issue 21). Until ``/evaluations/rounds/<pk>/minutes/`` is routed the
view is called as Django would call it."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from evaluations.tests import test_criteria_unmet as unmet_tests
from evaluations.tests.test_criteria_unmet import best, criteria_of, load_sheet, score_to_result, unmet
from evaluations.views_scoring import RoundMinutesView

pytestmark = pytest.mark.django_db
council = unmet_tests.council  # the same council fixture


def minutes(user, round_, **params):
    request = RequestFactory().get(f"/evaluations/rounds/{round_.pk}/minutes/", params)
    request.user = user
    return RoundMinutesView.as_view()(request, pk=round_.pk)


def test_the_minutes_name_the_missed_mark_and_who_missed_it(council):
    criteria_set = load_sheet(1)
    trademark = next(c for c in criteria_of(criteria_set) if "Sở hữu trí tuệ" in c.title)
    registration, _result = score_to_result(
        council, criteria_set, lambda _i, c: unmet(c) if c.pk == trademark.pk else best(c)
    )

    html = minutes(council.office, council.round, format="html").content.decode()
    assert "BIÊN BẢN" in html and registration.product.name in html
    assert "hạng 3 sao" in html and "khung điểm 5 sao" in html
    assert "Thiếu tiêu chí bắt buộc 4★: Sở hữu trí tuệ" in html
    assert "chưa đạt theo: Lê Văn Thành Viên, Trần Thị Chủ Tịch" in html
    assert council.rule_set.get_mark_reading_display().lower() in html
    assert "Không đáp ứng (0 điểm)" in html  # the portal's option is explained in the minutes

    pdf = minutes(council.office, council.round)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf["Content-Disposition"]


def test_no_minutes_before_closing(council):
    load_sheet(1)
    with pytest.raises(PermissionDenied):
        minutes(council.office, council.round, format="html")
