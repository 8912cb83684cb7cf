"""Import of past evaluation rounds with their registrations and council results: the reports' entries and
participation of that year count them."""

import datetime
from decimal import Decimal

import pytest

from audit.models import AuditEntry
from decisions.tests.factories import AuthorityFactory, product_in, recognise
from evaluations.models import EvaluationLevel, Registration, RegistrationKind, RegistrationStatus, Round, RoundStatus
from evaluations.tests.factories import RoundFactory
from reports.figures import compute

from .golive_helpers import commit, filled_template, import_rows, messages_of, upload

pytestmark = pytest.mark.django_db


def entry(product, *, year=2022, level="Cấp tỉnh", unit="87", **extra):
    row = {
        "Năm": year,
        "Đợt": 1,
        "Cấp đánh giá": level,
        "Mã đơn vị tổ chức": unit,
        "Số đăng ký kinh doanh của chủ thể": product.subject.registration_number,
        "Tên sản phẩm": product.name,
        "Hình thức": "Lần đầu",
        "Tổng điểm": "72,5",
        "Hạng sao": 3,
        "Đề xuất của hội đồng": "Công nhận tại cấp này",
    }
    row.update(extra)
    return row


@pytest.fixture
def products(area_tree):
    return [
        product_in(area_tree["c1"], name="Bánh phồng tôm"),
        product_in(area_tree["c2"], name="Mắm cá linh"),
        product_in(area_tree["c3"], name="Trà tim sen"),
    ]


def test_past_round_counts_in_the_reports_of_its_year(client, office, area_tree, products):
    before = compute(area_tree["province"], "2022")
    assert before["entries"]["products"] == 0
    rows = [
        entry(products[0]),
        entry(products[1], **{"Hình thức": "Nâng hạng", "Hạng sao": 4, "Tổng điểm": 81}),
        entry(products[2], **{"Hình thức": "Đánh giá lại"}),
    ]
    job = import_rows(client, office, "rounds", rows)
    assert job.created_count == 3
    round_ = Round.objects.get()
    assert (round_.year, round_.level, round_.unit, round_.status) == (
        2022,
        EvaluationLevel.PROVINCE,
        area_tree["province"],
        RoundStatus.CLOSED,
    )
    assert round_.is_closed and round_.rule_set.code == "qd1048"
    registration = Registration.objects.get(product=products[1])
    assert (registration.kind, registration.score, registration.stars, registration.status) == (
        RegistrationKind.UPGRADE,
        Decimal("81"),
        4,
        RegistrationStatus.APPROVED,
    )
    figures = compute(area_tree["province"], "2022")
    assert figures["entries"]["products"] == len(rows) == 3
    assert (figures["entries"]["new"], figures["entries"]["upgrade"], figures["entries"]["re_evaluation"]) == (1, 1, 1)
    assert figures["participation"]["subjects"] == 3
    assert compute(area_tree["province"], "2023")["entries"]["products"] == 0


def test_a_decision_on_the_portal_marks_the_registration_decided(client, office, area_tree, products):
    authority = AuthorityFactory(unit=area_tree["province"], number_suffix="QĐ-UBND-HC")
    decision = recognise(office, authority, datetime.date(2022, 12, 29), (products[0], 3))
    row = entry(
        products[0],
        **{"Số quyết định công nhận": decision.number_display, "Ngày quyết định": "29/12/2022"},
    )
    import_rows(client, office, "rounds", [row])
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.DECIDED
    assert decision.number_display in registration.note
    figures = compute(area_tree["province"], "2022")
    assert figures["participation"]["subjects"] == 1 and figures["participation"]["recognised_subjects"] == 1


def test_dry_run_and_idempotent_reimport(client, office, area_tree, products):
    rows = [entry(products[0]), entry(products[1])]
    job = upload(client, office, "rounds", filled_template(client, office, "rounds", rows))
    assert job.created_count == 2 and job.error_count == 0
    assert Round.objects.count() == Registration.objects.count() == 0

    import_rows(client, office, "rounds", rows)
    entries = AuditEntry.objects.count()
    job = import_rows(client, office, "rounds", rows)
    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 2)
    assert AuditEntry.objects.count() == entries
    assert Round.objects.count() == 1

    job = import_rows(client, office, "rounds", [entry(products[0], **{"Hạng sao": 4})])
    assert job.updated_count == 1
    assert Registration.objects.get(product=products[0]).stars == 4


def test_one_bad_row_or_a_foreign_product_writes_nothing(client, office, officer, area_tree, products):
    foreign = product_in(area_tree["other_province"], name="Bưởi Lò Rèn")
    rows = [entry(products[0]), entry(products[1], **{"Hạng sao": 7}), entry(foreign)]
    job = upload(client, office, "rounds", filled_template(client, office, "rounds", rows))
    messages = messages_of(job)
    assert job.error_count == 2
    assert any("ngoài địa bàn bạn quản lý" in message for message in messages)
    commit(client, job)
    assert Round.objects.count() == Registration.objects.count() == 0
    assert compute(area_tree["province"], "2022")["entries"]["products"] == 0

    # a district officer may not record rounds at all
    client.force_login(officer)
    assert client.get("/imports/rounds/").status_code == 403


def test_a_round_running_on_the_portal_is_not_changed(client, office, area_tree, products):
    RoundFactory(year=2022, sequence=1, level=EvaluationLevel.PROVINCE, unit=area_tree["province"])
    job = upload(client, office, "rounds", filled_template(client, office, "rounds", [entry(products[0])]))
    assert any("đang diễn ra trên cổng" in message for message in messages_of(job))


def test_a_closed_round_of_the_portal_keeps_its_results(client, office, area_tree, products):
    round_ = RoundFactory(
        year=2022, sequence=1, level=EvaluationLevel.PROVINCE, unit=area_tree["province"], status=RoundStatus.CLOSED
    )
    Registration.objects.create(
        round=round_, product=products[0], kind=RegistrationKind.NEW, status=RegistrationStatus.APPROVED, stars=3,
        score=Decimal("72.5"),
    )  # fmt: skip
    job = upload(
        client, office, "rounds", filled_template(client, office, "rounds", [entry(products[0]), entry(products[1])])
    )
    assert job.unchanged_count == 1
    assert any("được chấm trên cổng" in message for message in messages_of(job))


@pytest.fixture
def merged(db, make_user):
    """Old Tiền Giang (82, until 30/06/2025) and the merged Đồng Tháp that reuses code 82 from 01/07/2025."""
    from areas.models import LAST_OLD_DAY, REFORM_DAY, UnitLevel
    from areas.tests.factories import UnitFactory

    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    old_tg = UnitFactory(code="82", name="Tiền Giang", parent=country, level=UnitLevel.PROVINCE, valid_to=LAST_OLD_DAY)
    new_dt = UnitFactory(code="82", name="Đồng Tháp", parent=country, level=UnitLevel.PROVINCE, valid_from=REFORM_DAY)
    old_tg.successors.add(new_dt)
    old_commune = UnitFactory(
        code="28001", name="Long Hưng", level=UnitLevel.COMMUNE, parent=old_tg, valid_to=LAST_OLD_DAY
    )
    new_commune = UnitFactory(code="30002", name="Tân Dương", level=UnitLevel.COMMUNE, parent=new_dt)
    office = make_user(role="coordination_office", unit=new_dt, username="vpdp_moi")
    return {"old_tg": old_tg, "new_dt": new_dt, "office": office, "old": old_commune, "new": new_commune}


def test_a_reused_unit_code_means_the_unit_of_the_round_year(client, merged):
    old_product = product_in(merged["old"], name="Bánh tráng")
    new_product = product_in(merged["new"], name="Khô cá lóc")
    rows = [
        entry(old_product, year=2023, unit="82"),
        entry(new_product, year=2026, unit="82"),
        entry(new_product, year=2025, unit="82"),  # opens on the merged province's first day
    ]
    import_rows(client, merged["office"], "rounds", rows)
    assert Round.objects.get(year=2023).unit == merged["old_tg"]
    assert Round.objects.get(year=2026).unit == merged["new_dt"]
    assert (Round.objects.get(year=2025).unit, Round.objects.get(year=2025).opens_on) == (
        merged["new_dt"],
        datetime.date(2025, 7, 1),
    )
    assert compute(merged["new_dt"], "2023")["entries"]["products"] == 1
    # the checklist counts each round under the province it belonged to
    page = client.get("/imports/checklist/").content.decode()
    rounds = page[page.index('data-line="rounds"') :]
    rounds = rounds[: rounds.index("</tr>")]
    assert "Tỉnh Tiền Giang (trước 01/07/2025): 1" in rounds and "Tỉnh Đồng Tháp: 2" in rounds
    assert "2023: 1" in rounds and "2025: 1" in rounds and "2026: 1" in rounds
