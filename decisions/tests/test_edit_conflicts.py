"""Two people edit the same draft decision (issue #12, finding 8): the first save stays, the second is refused
with what changed and keeps its input; two concurrent saves on PostgreSQL: exactly one wins."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from decisions import services
from decisions.models import Decision, DecisionKind
from ocop_portal.concurrency import VersionConflict


def _draft(actor, authority):
    return services.decision_draft_create(actor=actor, kind=DecisionKind.RECOGNITION, authority=authority)


def _form_data(decision, **changes):
    data = {
        "subject_line": decision.subject_line,
        "legal_basis": decision.legal_basis,
        "recipients": decision.recipients,
        "signer_name": decision.signer_name,
        "signer_title": decision.signer_title,
        "date": "",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_second_saver_of_a_draft_decision_sees_the_change_and_keeps_their_input(
    office, make_user, area_tree, province_authority
):
    decision = _draft(office, province_authority)
    colleague = make_user(role=Role.COORDINATION_OFFICE, unit=area_tree["province"])
    first, second = Client(), Client()
    first.force_login(office)
    second.force_login(colleague)
    url = reverse("decisions:edit", args=[decision.pk])
    version = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == version == 1

    saved = first.post(url, _form_data(decision, signer_name="Nguyễn Văn Hai", version=version))
    assert saved.status_code == 302
    refused = second.post(url, _form_data(decision, signer_name="Trần Thị Lan", recipients="Như Điều 3;", version=1))
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "vừa được người khác lưu" in page
    assert "Người ký: “Nguyễn Văn Hai”" in page
    form = refused.context["form"]
    assert (form["signer_name"].value(), form["recipients"].value()) == ("Trần Thị Lan", "Như Điều 3;")
    decision.refresh_from_db()
    assert (decision.signer_name, decision.version) == ("Nguyễn Văn Hai", 2)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_draft_saves_of_the_same_version_exactly_one_wins(office, province_authority):
    """The draft update takes no lock before its UPDATE ... WHERE version = %s: that statement alone decides."""
    decision = _draft(office, province_authority)
    barrier = threading.Barrier(2)
    outcome = {}

    def save(index):
        try:
            barrier.wait(timeout=10)
            services.decision_draft_update(
                actor=office,
                decision=Decision.objects.select_related("authority").get(pk=decision.pk),
                expected_version=1,
                signer_name=f"Người ký {index}",
            )
            outcome[index] = "saved"
        except VersionConflict as exc:
            outcome[index] = ("conflict", exc.version)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcome.values(), key=str) == sorted([("conflict", 2), "saved"], key=str)
    winner = next(i for i, result in outcome.items() if result == "saved")
    decision.refresh_from_db()
    assert (decision.signer_name, decision.version) == (f"Người ký {winner}", 2)
