"""The demo reproduces section I of Đồng Tháp's 2023 plan from individual records (``devdata.demo.seed2022``).

The history is built once for the module inside a transaction that is rolled back at the end (each test runs in
a savepoint of it), because building it takes a while.
"""

import datetime

import pytest
from django.db import transaction

from areas.selectors import find_unit
from decisions.models import Recognition
from devdata.demo import accounts as accounts_demo
from devdata.demo import areas as areas_demo
from devdata.demo import programme as programme_demo
from devdata.demo import seed2022
from evaluations.models import Registration
from products.models import Product
from reports import services
from reports.figures import compute
from reports.tests.helpers import pdf_text
from subjects.models import Subject

END_2022 = datetime.date(2022, 12, 31)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        areas_demo.load()
        accounts_demo.load()
        programme_demo.load()  # the 2022 budget actually spent (section I.3.7)
        summary = seed2022.build()
        province = find_unit("87", on=END_2022)
        yield {"summary": summary, "province": province, "figures": compute(province, "2022")}
        transaction.set_rollback(True)


@pytest.fixture
def figures(seeded, db):
    return seeded["figures"]


def stars(three, four):
    return {"3": three, "4": four, "5": 0}


def test_the_history_is_built_from_individual_records(seeded, db):
    assert seeded["summary"] == {
        "created": True,
        "subjects": 136,
        "products": 413,
        "entries_2022": 202,
        "recognised_2022": 156,
    }
    province = seeded["province"]
    assert (province.code, province.level, province.valid_to) == ("87", "province", datetime.date(2025, 6, 30))
    assert Subject.objects.filter(unit__path__startswith=province.path).count() == 136
    assert Registration.objects.filter(round__year=2022).count() == 202
    # 2019 certificates (36 months) have all ended before 31/12/2022; 2020/2021 ones are still running.
    in_2019 = Recognition.objects.filter(decision__date__year=2019)
    assert in_2019.count() == 60 and not in_2019.filter(valid_until__gte=END_2022).exists()
    assert Recognition.objects.filter(decision__date__year__in=[2020, 2021], valid_until__lt=END_2022).count() == 0
    # Realistic names from the province's products, a brand only where a name repeats; no "mẫu" placeholders.
    names = list(Product.objects.values_list("name", flat=True))
    assert len(set(names)) == len(names) == 413
    assert "Hạt sen sấy" in names and "Nem Lai Vung" in names and not any("mẫu" in n.lower() for n in names)


def test_entries_in_2022_rounds(figures):
    assert figures["entries"] == {
        "products": 202,
        "new": 147,
        "re_evaluation": 45,
        "upgrade": 10,
        "subjects": 92,
        "units": 12,  # "từ 12 huyện, thành phố"
    }


def test_recognised_in_2022(figures):
    rec = figures["recognised"]
    assert (rec["products"], rec["subjects"], rec["stars"]) == (156, 70, stars(115, 41))
    assert rec["kinds"]["re_evaluation"] == {"products": 34, "subjects": 18, "stars": stars(30, 4)}
    assert rec["kinds"]["upgrade"] == {"products": 5, "subjects": 2, "stars": stars(0, 5)}
    assert rec["kinds"]["new"] == {"products": 117, "subjects": 65, "stars": stars(85, 32)}
    assert [(g["key"], g["products"], g["percent"]) for g in rec["groups"]] == [
        ("qd1048:1", 127, "81.41"),  # thực phẩm
        ("qd1048:2", 7, "4.49"),  # đồ uống
        ("qd1048:3", 8, "5.13"),  # thảo dược
        ("qd1048:5", 13, "8.33"),  # lưu niệm - nội thất - trang trí
        ("qd1048:6", 1, "0.64"),  # dịch vụ du lịch và bán hàng
    ]
    forms = [(r["key"], r["subjects"], r["percent"]) for r in rec["legal_forms"]["rows"]]
    assert forms == [
        ("household", 41, "58.57"),  # cơ sở sản xuất
        ("llc", 20, "28.57"),
        ("joint_stock", 5, "7.14"),
        ("cooperative", 3, "4.29"),
        ("private_enterprise", 1, "1.43"),
        ("cooperative_group", 0, "0.00"),
    ]
    assert figures["participation"] == {"subjects": 92, "recognised_subjects": 70, "percent": "76.09"}  # 70/92


def test_valid_on_31_12_2022(figures):
    valid = figures["valid"]
    assert (valid["products"], valid["subjects"], valid["stars"]) == (357, 119, stars(275, 82))
    # 47/119 = 39,4958... -> 39,50 rounded half up. The plan printed 39,49 % (truncated); the counts are exact.
    assert valid["female_led"] == {
        "subjects": 47,
        "subjects_percent": "39.50",
        "products": 161,
        "stars": stars(132, 29),
    }
    assert len(valid["units"]) == 12 and sum(u["products"] for u in valid["units"]) == 357
    assert valid["channels"]["modern_retail"] == {"products": 109, "percent": "30.53"}  # 30,53 % in supermarkets
    assert valid["channels"]["ecommerce"]["percent"] == "100.00"


def test_budget_2022_by_source(figures):
    budget = figures["budget"]
    assert budget["total"]["disbursed"] == "7678.61"
    assert [(s["key"], s["disbursed"]) for s in budget["sources"]] == [
        ("ntp_nrd", "3972.29"),
        ("integrated", "3310.42"),
        ("local", "395.9"),
    ]


def test_the_2022_report_pdf_reads_like_section_one(seeded, db, tmp_path):
    report, _created = services.report_request(
        actor=None, kind="annual", period="2022", area=seeded["province"], request_key="seed", system=True
    )
    report = services.report_generate(report_id=report.pk)
    text = " ".join(pdf_text(report.pdf_file.read(), tmp_path).split())
    for expected in (
        "Năm 2022, có 202 sản phẩm dự thi",
        "từ 12 huyện, thành phố",
        "45 sản phẩm đăng ký đánh giá lại; 10 sản phẩm đề nghị nâng hạng và 147 sản phẩm mới dự thi",
        "có 156 sản phẩm của 70 chủ thể",
        "41 sản phẩm 4 sao và 115 sản phẩm 3 sao",
        "34 sản phẩm OCOP được công nhận lại của 18 chủ thể",
        "05 sản phẩm của 02 chủ thể được nâng hạng",
        "117 sản phẩm OCOP mới của 65 chủ thể",
        "nhóm thực phẩm: 81,41%",
        "toàn tỉnh có 357 sản phẩm OCOP",
        "275 sản phẩm 3 sao và 82 sản phẩm 4 sao) của 119 chủ thể",
        "161 sản phẩm OCOP (29 sản phẩm 4 sao và 132 sản phẩm 3 sao) của 47 chủ thể là nữ",
        "39,50%",
        "70/92 chủ thể",
        "58,57%",
        "7.678,61 triệu đồng",
        "3.972,29",
        "3.310,42",
        "395,9 triệu đồng",
        "Đồng Tháp, ngày 15 tháng 12 năm 2022",
    ):
        assert expected in text, expected


def test_build_is_idempotent(seeded, db):
    counts = (Subject.objects.count(), Product.objects.count(), Recognition.objects.count())
    assert seed2022.build() == {"created": False}
    assert (Subject.objects.count(), Product.objects.count(), Recognition.objects.count()) == counts
