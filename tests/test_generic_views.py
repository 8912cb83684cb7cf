"""The generic scoped object views (``ocop_portal.generic``), each kind once, on a scoped model (Subject):
detail, create/edit through the services, delete with confirmation and refusal, history."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from audit.models import AuditAction, AuditEntry
from ocop_portal.generic import (
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectHistoryView,
)
from ocop_portal.submission import TOKEN_FIELD
from products.tests.factories import ProductFactory
from subjects import views as subject_views
from subjects.models import Subject
from subjects.tests.factories import SubjectFactory
from subjects.tests.helpers import form_data

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rf'name="{TOKEN_FIELD}" value="([^"]+)"')


def _client(make_user, role, unit):
    client = Client()
    user = make_user(role=role, unit=unit)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def officer(make_user, area_tree):
    """A local officer of district d1 (c1 is inside, c2 is another district's commune)."""
    return _client(make_user, Role.LOCAL_OFFICER, area_tree["d1"])


@pytest.fixture
def office(make_user, area_tree):
    return _client(make_user, Role.COORDINATION_OFFICE, area_tree["province"])


def test_subject_pages_are_declarations_on_the_generic_views():
    assert issubclass(subject_views.SubjectDetailView, ObjectDetailView)
    assert issubclass(subject_views.SubjectEditView, ObjectEditView)
    assert issubclass(subject_views.SubjectDeleteView, ObjectDeleteView)
    assert issubclass(subject_views.SubjectHistoryView, ObjectHistoryView)


def test_detail_shows_own_area_and_404_for_another_area(officer, area_tree):
    own = SubjectFactory(unit=area_tree["c1"])
    foreign = SubjectFactory(unit=area_tree["c2"])
    response = officer.get(reverse("subjects:detail", args=[own.pk]))
    assert response.status_code == 200
    assert response.context["can_edit"] is True
    assert response.context["can_read_audit"] is False
    assert officer.get(reverse("subjects:detail", args=[foreign.pk])).status_code == 404


def test_create_goes_through_the_service_once_with_an_audit_entry(officer, area_tree):
    page = officer.get(reverse("subjects:create"))
    token = TOKEN.findall(page.content.decode())[0]
    data = {**form_data(area_tree["c1"]), TOKEN_FIELD: token}
    first = officer.post(reverse("subjects:create"), data)
    subject = Subject.objects.get(registration_number="1401999001")
    assert first.status_code == 302 and first.url == reverse("subjects:detail", args=[subject.pk])
    assert subject.created_by == officer.user  # set by subject_create, not by a ModelForm save
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_id=str(subject.pk)).count() == 1
    second = officer.post(reverse("subjects:create"), data)  # double click / reload
    assert second.status_code == 302 and second.url == first.url
    assert Subject.objects.count() == 1


def test_create_needs_the_create_permission(make_user, area_tree):
    leader = _client(make_user, Role.LEADERSHIP, area_tree["province"])
    assert leader.get(reverse("subjects:create")).status_code == 403
    assert leader.post(reverse("subjects:create"), form_data(area_tree["c1"])).status_code == 403
    assert not Subject.objects.exists()


def test_edit_with_a_stale_version_keeps_the_input_and_says_what_changed(officer, office, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"], name="HTX Cũ")
    url = reverse("subjects:update", args=[subject.pk])
    stale = subject.version
    keep = {"registration_number": subject.registration_number, "tax_code": subject.tax_code, "version": stale}
    ok = office.post(url, form_data(area_tree["c1"], name="HTX Mới", **keep))
    assert ok.status_code == 302
    refused = officer.post(url, form_data(area_tree["c1"], name="HTX Của Tôi", **keep))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "vừa được người khác lưu" in page and "HTX Mới" in page
    assert refused.context["form"]["name"].value() == "HTX Của Tôi"
    subject.refresh_from_db()
    assert subject.name == "HTX Mới"
    foreign = SubjectFactory(unit=area_tree["c2"])
    assert officer.get(reverse("subjects:update", args=[foreign.pk])).status_code == 404


def test_delete_confirms_refuses_when_referenced_and_deletes_when_free(officer, area_tree):
    used = SubjectFactory(unit=area_tree["c1"], name="HTX Đang Dùng")
    ProductFactory(subject=used, name="Mắm cá linh")
    url = reverse("subjects:delete", args=[used.pk])
    confirm = officer.get(url).content.decode()
    assert "Không thể xoá" in confirm and "Mắm cá linh" in confirm and "Xoá vĩnh viễn" not in confirm
    refused = officer.post(url, {"reason": "thử"}, follow=True)
    errors = [str(m) for m in refused.context["messages"] if m.level_tag == "error"]
    assert len(errors) == 1 and "Mắm cá linh" in errors[0] and "Không thể xoá" in errors[0]
    assert Subject.objects.filter(pk=used.pk).exists()

    free = SubjectFactory(unit=area_tree["c1"], name="HTX Trống")
    url = reverse("subjects:delete", args=[free.pk])
    assert "Xoá vĩnh viễn" in officer.get(url).content.decode()
    done = officer.post(url, {"reason": "Nhập trùng"})
    assert done.status_code == 302 and done.url == reverse("subjects:list")
    assert not Subject.objects.filter(pk=free.pk).exists()
    entry = AuditEntry.objects.get(action=AuditAction.DELETE, object_id=str(free.pk))
    assert entry.reason == "Nhập trùng"

    foreign = SubjectFactory(unit=area_tree["c2"])
    assert officer.get(reverse("subjects:delete", args=[foreign.pk])).status_code == 404
    assert officer.post(reverse("subjects:delete", args=[foreign.pk])).status_code == 404
    assert Subject.objects.filter(pk=foreign.pk).exists()


def test_history_lists_the_objects_entries_scoped(make_user, office, area_tree):
    subject = SubjectFactory(unit=area_tree["c1"], name="HTX Lịch Sử")
    other = SubjectFactory(unit=area_tree["c1"], name="HTX Khác")
    for record, name in ((subject, "HTX Lịch Sử Mới"), (other, "HTX Khác Mới")):
        data = form_data(
            area_tree["c1"],
            name=name,
            registration_number=record.registration_number,
            tax_code=record.tax_code,
            version=record.version,
        )
        assert office.post(reverse("subjects:update", args=[record.pk]), data).status_code == 302
    detail = office.get(reverse("subjects:detail", args=[subject.pk])).content.decode()
    url = reverse("subjects:history", args=[subject.pk])
    assert url in detail
    response = office.get(url)
    assert response.status_code == 200
    assert [entry.object_id for entry in response.context["entries"]] == [str(subject.pk)]
    # another province's office: 404; a role that may not read the log: 403
    foreign_office = _client(make_user, Role.COORDINATION_OFFICE, area_tree["other_province"])
    assert foreign_office.get(url).status_code == 404
    officer = _client(make_user, Role.LOCAL_OFFICER, area_tree["d1"])
    assert officer.get(url).status_code == 403


def _records(area_tree):
    from programme.tests.factories import ActivityFactory, BudgetLineFactory, PlanFactory

    plan = PlanFactory(unit=area_tree["d1"])
    return {
        "subjects": SubjectFactory(unit=area_tree["c1"]),
        "products": ProductFactory(subject=SubjectFactory(unit=area_tree["c1"])),
        "programme:plan": plan,
        "programme:budget_line": BudgetLineFactory(plan=plan),
        "programme:activity": ActivityFactory(unit=area_tree["d1"]),
    }


HISTORY_ROUTES = {
    "subjects": "subjects:history",
    "products": "products:history",
    "programme:plan": "programme:plan_history",
    "programme:budget_line": "programme:budget_line_history",
    "programme:activity": "programme:activity_history",
}


@pytest.mark.parametrize("kind", sorted(HISTORY_ROUTES))
def test_every_converted_detail_links_its_scoped_history(make_user, office, area_tree, kind):
    record = _records(area_tree)[kind]
    url = reverse(HISTORY_ROUTES[kind], args=[record.pk])
    detail_name = {"subjects": "subjects:detail", "products": "products:detail"}.get(kind, f"{kind}_detail")
    assert url in office.get(reverse(detail_name, args=[record.pk])).content.decode()
    assert office.get(url).status_code == 200
    foreign_office = _client(make_user, Role.COORDINATION_OFFICE, area_tree["other_province"])
    assert foreign_office.get(url).status_code == 404


# --- ObjectActionView: a workflow step on one scoped record (issuing a draft decision) ---------------------------


def test_decision_steps_are_declarations_on_the_action_view():
    from decisions import views as decision_views
    from programme.views import plans as plan_views

    for view in (
        decision_views.DecisionIssueView,
        decision_views.DecisionCorrectView,
        decision_views.RecognitionItemAddView,
        decision_views.ItemRemoveView,
        plan_views.PlanApproveView,
        plan_views.PlanReopenView,
    ):
        assert issubclass(view, ObjectActionView), view
    assert issubclass(decision_views.DecisionDetailView, ObjectDetailView)


def test_action_view_scopes_checks_permission_state_and_shows_refusals(make_user, office, area_tree):
    from decisions import services as decision_services
    from decisions.models import Decision, DecisionKind, DecisionStatus
    from decisions.tests.factories import AuthorityFactory, d, product_in, recognise

    authority = AuthorityFactory(unit=area_tree["province"])
    draft = decision_services.decision_draft_create(
        actor=office.user, kind=DecisionKind.RECOGNITION, authority=authority, signer_name="Phạm Văn Minh"
    )
    url = reverse("decisions:issue", args=[draft.pk])
    form = {"date": "2024-03-04", "confirm": "on"}

    # GET: the confirmation page with its form and a way back to the record
    page = office.get(url)
    assert page.status_code == 200 and page.context["decision"] == draft
    assert "confirm" in page.context["form"].fields
    assert reverse("decisions:detail", args=[draft.pk]) in page.content.decode()

    # another province's office: 404; a role that may not issue: 403 (nothing written either way)
    foreign = _client(make_user, Role.COORDINATION_OFFICE, area_tree["other_province"])
    assert foreign.get(url).status_code == 404
    assert foreign.post(url, form).status_code == 404
    officer = _client(make_user, Role.LOCAL_OFFICER, area_tree["d1"])
    assert officer.get(url).status_code == 403
    assert officer.post(url, form).status_code == 403

    # the service refuses (a draft without products): the page again with the error and the input, nothing changed
    refused = office.post(url, form)
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors()
    assert refused.context["form"]["date"].value() == "2024-03-04"
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.DRAFT and not draft.number_display

    # success: the service's result in the message, redirect to the record's page
    decision_services.recognition_item_add(
        actor=office.user, decision=draft, product=product_in(area_tree["c1"]), stars=4, score=78
    )
    done = office.post(url, form, follow=True)
    draft.refresh_from_db()
    assert draft.status == DecisionStatus.ISSUED
    assert done.redirect_chain == [(reverse("decisions:detail", args=[draft.pk]), 302)]
    assert [str(m) for m in done.context["messages"]] == [f"Đã ban hành Quyết định số {draft.number_display}."]

    # a record in another state: the step does not apply (404)
    issued = recognise(office.user, authority, d("2023-01-05"), (product_in(area_tree["c1"]), 3, 60))
    assert office.get(reverse("decisions:issue", args=[issued.pk])).status_code == 404
    assert office.get(url).status_code == 404
    assert Decision.objects.filter(status=DecisionStatus.ISSUED).count() == 2


def test_action_posted_from_the_record_page_answers_with_messages_on_that_page(office, area_tree):
    from decisions import services as decision_services
    from decisions.models import DecisionKind
    from decisions.tests.factories import AuthorityFactory, product_in

    authority = AuthorityFactory(unit=area_tree["province"])
    draft = decision_services.decision_draft_create(
        actor=office.user, kind=DecisionKind.RECOGNITION, authority=authority
    )
    product = product_in(area_tree["c1"], name="Bánh phồng tôm Sa Đéc")
    url = reverse("decisions:item_add", args=[draft.pk])
    detail = reverse("decisions:detail", args=[draft.pk])
    assert office.get(url).status_code == 405  # no page of its own

    def errors(response):
        return [str(m) for m in response.context["messages"] if m.level_tag == "error"]

    added = office.post(url, {"product": product.pk, "stars": 4, "kind": "new"}, follow=True)
    assert added.redirect_chain == [(detail, 302)]
    assert [str(m) for m in added.context["messages"]] == ["Đã thêm sản phẩm vào dự thảo."]
    again = office.post(url, {"product": product.pk, "stars": 5, "kind": "new"}, follow=True)  # the service refuses
    assert again.redirect_chain == [(detail, 302)]
    assert errors(again) == ["Sản phẩm «Bánh phồng tôm Sa Đéc» đã có trong quyết định này."]
    invalid = office.post(url, {"product": product.pk, "kind": "new"}, follow=True)  # the form refuses
    assert invalid.redirect_chain == [(detail, 302)]
    assert len(errors(invalid)) == 1 and errors(invalid)[0].startswith("Hạng sao: ")
    assert [(item.product_id, item.stars) for item in draft.recognitions.all()] == [(product.pk, 4)]
