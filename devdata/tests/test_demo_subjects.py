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
