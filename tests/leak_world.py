"""Two provinces' worth of records for the leak matrix (``tests/test_leak_matrix.py``).

Province A has two districts: D1 (the "home" district of A's local officers) and D2. Province B is the attacker's
neighbour. Every record of B carries the marker ``QQLEAKB`` in a text a page would print (names, titles, unit
names, user names, decision texts); every record of A's district D2 carries ``QQLEAKD2``. A user of province A must
never receive a response containing ``QQLEAKB``; a user of district D1 must never receive ``QQLEAKD2`` either.

The records are made through the domain services wherever the service exists, so the audit log, the score sheets
and the decisions are the ones production would hold.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from accounts.tests.factories import UserFactory
from areas.models import UnitLevel
from areas.tests.factories import UnitFactory
from audit.models import AuditAction
from audit.services import record_change
from decisions import services as decision_services
from decisions.tests.factories import AuthorityFactory, recognise, revoke
from evaluations import services as evaluation_services
from evaluations.models import EvaluationLevel, Option, RegistrationKind, RegistrationStatus, RuleSet
from evaluations.tests.factories import RoundFactory, complete_dossier, criteria_set_factory
from imports.models import ImportJob
from notices.models import NoticeKind
from notices.services import notify
from producers.models import ProducerAccountStatus
from producers.tests.factories import ProducerAccountFactory, ProducerUserFactory
from products import services as product_services
from products.models import DocumentType
from products.tests.factories import CertificationFactory, ProductChannelFactory, ProductClassFactory, ProductFactory
from programme import services as programme_services
from programme.tests.factories import ActivityFactory, BudgetLineFactory, PlanFactory, TargetFactory
from reports.models import Report
from subjects import services as subject_services
from subjects.tests.factories import SubjectFactory

MARK_B = "QQLEAKB"
MARK_D2 = "QQLEAKD2"

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _pdf(name):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def _user(role, unit, name, **kwargs):
    return UserFactory(role=role, unit=unit, full_name=name, **kwargs)


def _district_records(world, *, district, commune, mark, office):
    """One subject and product (with certification, channel, documents) in the commune, registered and scored in
    the province's round, recognised, and an activity of the district."""
    subject = SubjectFactory(unit=commune, name=f"Hợp tác xã {mark}", address=f"Ấp {mark}")
    subject_services.subject_update(
        actor=office, subject=subject, data={"address": f"Ấp Mới {mark}"}, reason=f"sửa {mark}"
    )
    product = ProductFactory(subject=subject, unit=commune, name=f"Sản phẩm {mark}", product_class=world.product_class)
    second = ProductFactory(
        subject=subject, unit=commune, name=f"Sản phẩm hai {mark}", product_class=world.product_class
    )
    product_services.product_update(
        actor=office, product=product, data={"description": f"Mô tả {mark}"}, reason=f"sửa {mark}"
    )
    certification = CertificationFactory(product=product, number=f"{mark}/ATTP", issuer=f"Chi cục {mark}")
    channel = ProductChannelFactory(product=product)
    record_change(actor=office, action=AuditAction.CREATE, instance=certification, reason=f"chứng nhận {mark}")
    record_change(actor=office, action=AuditAction.CREATE, instance=channel, reason=f"kênh {mark}")
    document = product_services.document_upload(
        actor=office,
        subject=subject,
        product=product,
        document_type=DocumentType.objects.filter(scope="product").order_by("pk").first(),
        uploaded_file=_pdf(f"hoso-{mark}.pdf"),
        title=f"Hồ sơ {mark}",
    )
    # a product that existed and was deleted: its history keeps a snapshot with the marker
    gone = ProductFactory(
        subject=subject, unit=commune, name=f"Sản phẩm đã xoá {mark}", product_class=world.product_class
    )
    record_change(actor=office, action=AuditAction.CREATE, instance=gone)
    gone_pk = gone.pk
    product_services.product_delete(actor=office, product=gone, reason=f"xoá {mark}")

    complete_dossier(product)  # the rule set refuses an incomplete dossier
    registration = evaluation_services.registration_create(
        actor=office, round_=world.round, product=product, kind=RegistrationKind.NEW, note=f"Ghi chú {mark}"
    )
    evaluation_services.registration_transition(
        registration=registration, to_status=RegistrationStatus.SUBMITTED, actor=office
    )
    evaluation_services.registration_transition(
        registration=registration, to_status=RegistrationStatus.ACCEPTED, actor=office
    )
    activity = ActivityFactory(unit=district, title=f"Tập huấn {mark}", organiser=f"Phòng {mark}")
    # a verified producer acting for the subject, and a producer still waiting for the commune's verification
    producer_account = ProducerAccountFactory(
        user=ProducerUserFactory(username=f"chuthe.{commune.code}", full_name=f"Chủ thể {mark}"),
        subject=subject,
        status=ProducerAccountStatus.VERIFIED,
        commune=commune,
        organisation_name=f"Hợp tác xã {mark}",
        registration_number=subject.registration_number,
    )
    pending_account = ProducerAccountFactory(
        user=ProducerUserFactory(username=f"cho.{commune.code}", full_name=f"Người chờ {mark}"),
        commune=commune,
        organisation_name=f"Hộ kinh doanh chờ {mark}",
        representative_name=f"Đại diện {mark}",
    )
    # a notice of the producer (one recipient: nobody else reads it, nor opens it by its id)
    [notice] = notify(
        [producer_account.user],
        NoticeKind.APPLICATION_RETURNED,
        f"Hồ sơ bị trả lại {mark}".strip(),
        f"Bổ sung giấy tờ {mark}".strip(),
        link="/producers/applications/",
        email=False,
    )
    return SimpleNamespace(
        notice=notice,
        subject=subject,
        product=product,
        second=second,
        certification=certification,
        channel=channel,
        document=document,
        gone_pk=gone_pk,
        registration=registration,
        activity=activity,
        producer=producer_account.user,
        producer_accounts=[producer_account, pending_account],
    )


def build_province(*, country, code, name, mark, district_marks, rule_set, product_class, criteria_set):
    """A province with its office, leadership, council, a round scored and closed, decisions, a plan, a report
    and an import job. ``district_marks``: one marker per district (the first district's records and users carry
    it; an empty marker leaves them unmarked)."""
    province = UnitFactory(code=code, name=f"{name}", level=UnitLevel.PROVINCE, parent=country)
    world = SimpleNamespace(province=province, mark=mark, product_class=product_class, districts=[], records=[])
    office = _user(Role.COORDINATION_OFFICE, province, f"Văn phòng {mark}".strip())
    leader = _user(Role.LEADERSHIP, province, f"Lãnh đạo {mark}".strip())
    secretary = _user(Role.COUNCIL_SECRETARY, province, f"Thư ký {mark}".strip())
    chair = _user(Role.COUNCIL_MEMBER, province, f"Chủ tịch {mark}".strip())
    member = _user(Role.COUNCIL_MEMBER, province, f"Thành viên {mark}".strip())
    member_b = _user(Role.COUNCIL_MEMBER, province, f"Thành viên hai {mark}".strip())
    world.office, world.leader, world.secretary, world.chair, world.member = office, leader, secretary, chair, member
    world.round = RoundFactory(
        rule_set=rule_set, level=EvaluationLevel.PROVINCE, unit=province, opens_on=datetime.date(2024, 3, 1)
    )
    evaluation_services.council_set(
        actor=office, round_=world.round, chair=chair, secretary=secretary, members=[member, member_b]
    )
    for index, dmark in enumerate(district_marks, start=1):
        label = dmark or mark or f"A{index}"
        district = UnitFactory(
            code=f"{code}D{index}",
            name=f"Huyện {index} {dmark or name}",
            level=UnitLevel.DISTRICT,
            parent=province,
            unit_type="huyện",
        )
        commune = UnitFactory(
            code=f"{code}C{index}", name=f"Xã {index} {dmark or name}", level=UnitLevel.COMMUNE, parent=district
        )
        officer = _user(Role.LOCAL_OFFICER, district, f"Cán bộ huyện {dmark or name}")
        commune_officer = _user(Role.LOCAL_OFFICER, commune, f"Cán bộ xã {dmark or name}")
        records = _district_records(
            world,
            district=district,
            commune=commune,
            mark=label,
            office=office,
        )
        world.districts.append(
            SimpleNamespace(unit=district, commune=commune, officer=officer, commune_officer=commune_officer)
        )
        world.records.append(records)

    # scoring: every member scores every registration; the secretary closes scoring
    evaluation_services.round_start_scoring(actor=secretary, round_=world.round)
    world.round.refresh_from_db()
    options = [
        Option.objects.get(criterion=criteria_set.test_criteria["A"], points=30),
        Option.objects.get(criterion=criteria_set.test_criteria["B"], points=20),
        Option.objects.get(criterion=criteria_set.test_criteria["C"], points=25),
    ]
    world.sheets = []
    for records in world.records:
        for scorer in (chair, member, member_b):
            sheet = evaluation_services.sheet_open(actor=scorer, registration=records.registration)
            evaluation_services.sheet_set_lines(actor=scorer, sheet=sheet, options=options)
            evaluation_services.sheet_submit(actor=scorer, sheet=sheet)
            world.sheets.append(sheet)
    evaluation_services.round_close_scoring(actor=secretary, round_=world.round)
    world.round.refresh_from_db()
    world.score_lines = [line for sheet in world.sheets for line in sheet.lines.all()]

    # decisions: a recognition of every district's second product, one of them revoked, and a draft
    world.authority = AuthorityFactory(
        name=f"UBND tỉnh {name}", unit=province, place_name=name, signer_name=f"Chủ tịch {mark}".strip()
    )
    world.recognition_decision = recognise(
        office,
        world.authority,
        datetime.date(2024, 6, 1),
        *[(records.second, 4, Decimal("75")) for records in world.records],
        subject_line=f"Về việc công nhận sản phẩm OCOP {mark}".strip(),
    )
    recognitions = list(world.recognition_decision.recognitions.all())
    world.revocation_decision = revoke(
        office, world.authority, datetime.date(2024, 9, 1), (recognitions[0], "other", f"Lý do {mark}".strip())
    )
    world.draft = decision_services.decision_draft_create(
        actor=office, kind="recognition", authority=world.authority, subject_line=f"Dự thảo {mark}".strip()
    )

    # the yearly plan, its target and budget line (with a document), a province activity
    world.plan = PlanFactory(unit=province, year=2024, title=f"Kế hoạch OCOP {mark}".strip(), issuer=f"UBND {name}")
    world.target = TargetFactory(plan=world.plan, title=f"Chỉ tiêu {mark}".strip())
    world.budget_line = BudgetLineFactory(plan=world.plan, planned_mvnd=Decimal("123.45"))
    world.budget_document = programme_services.budget_document_upload(
        actor=office, line=world.budget_line, uploaded_file=_pdf(f"kinhphi-{mark}.pdf"), title=f"Dự toán {mark}"
    )
    world.activity = ActivityFactory(unit=province, title=f"Hội chợ {mark}".strip())

    # a finished report job and an import job of the office
    world.report = Report.objects.create(
        kind="annual", period="2024", area=province, request_key=f"key-{code}", requested_by=office, status="done"
    )
    world.import_job = ImportJob(
        kind="subjects",
        original_name=f"chu-the-{mark}.csv",
        size=10,
        sha256="0" * 64,
        status="checked",
        requested_by=office,
        unit=province,
        storage_key=f"leak-{code}.csv",
        preview={"rows": [{"line": 2, "values": {"name": f"HTX {mark}"}}]},
    )
    world.import_job.file.save(world.import_job.storage_key, ContentFile(f"ten\nHTX {mark}\n".encode()), save=False)
    world.import_job.save()
    return world


def build_two_provinces():
    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    rule_set = RuleSet.objects.get(code="qd148")
    product_class = ProductClassFactory()
    criteria_set = criteria_set_factory(
        rule_set=rule_set, number=product_class.set_number, product_class=product_class, mandatory={"C": (3, 10)}
    )
    common = {"rule_set": rule_set, "product_class": product_class, "criteria_set": criteria_set}
    province_a = build_province(
        country=country, code="87", name="Đồng Tháp", mark="", district_marks=["", MARK_D2], **common
    )
    province_b = build_province(
        country=country, code="82", name=f"Tỉnh {MARK_B}", mark=MARK_B, district_marks=[MARK_B], **common
    )
    return SimpleNamespace(country=country, a=province_a, b=province_b)
