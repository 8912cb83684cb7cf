import pytest

from devdata.demo import areas as areas_demo
from devdata.demo import subjects as demo
from subjects.models import LegalForm, Subject, SubjectStatus

pytestmark = pytest.mark.django_db


def test_demo_subjects_load_once_and_cover_every_legal_form():
    areas_demo.load()
    first = demo.load()
    second = demo.load()
    assert [s.pk for s in first] == [s.pk for s in second]
    assert Subject.objects.count() == len(demo.DEMO_SUBJECTS) >= 40
    assert set(Subject.objects.values_list("legal_form", flat=True)) == set(LegalForm.values)
    women = sum(s.is_female_led for s in Subject.objects.all())
    assert 0.35 <= women / Subject.objects.count() <= 0.45
    assert Subject.objects.filter(status=SubjectStatus.CEASED).count() >= 2
    assert Subject.objects.filter(unit__parent__code="876").count() >= 5  # Lai Vung, the demo officer's district


def test_demo_subjects_sit_on_official_communes_that_carry_over_to_the_merged_province():
    from areas.models import LAST_OLD_DAY
    from areas.selectors import proposed_successor

    areas_demo.load()
    demo.load()
    subjects = list(Subject.objects.select_related("unit__parent"))
    # Every demo subject on an old commune of the official data (ended 30/06/2025), each with a successor commune.
    assert {s.unit.level for s in subjects} == {"commune"} and {s.unit.valid_to for s in subjects} == {LAST_OLD_DAY}
    assert all(proposed_successor(s.unit).valid_from is not None for s in subjects)
    quyt = Subject.objects.get(name="HTX Quýt hồng Lai Vung")
    assert quyt.unit.full_name == "Xã Tân Thành, Huyện Lai Vung, Tỉnh Đồng Tháp"
    assert proposed_successor(quyt.unit).full_name == "Xã Lai Vung, Tỉnh Đồng Tháp"
    sa_dec = Subject.objects.get(registration_number="51H8012301")
    assert sa_dec.unit.full_name == "Phường 1, Thành phố Sa Đéc, Tỉnh Đồng Tháp"
    assert proposed_successor(sa_dec.unit).full_name == "Phường Sa Đéc, Tỉnh Đồng Tháp"
