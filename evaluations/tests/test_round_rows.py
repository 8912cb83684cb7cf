"""The registrations of a round's page, written in Python (``evaluations.tables.round_registration_rows``, issue
#20) exactly as the template wrote them: product link, class code and unit, subject, kind, status badge, the
secretary's and office's progress column, score, stars, and a scoring member's own sheet."""

import re
from decimal import Decimal

from django.urls import reverse

from areas.formatting import unit_option
from evaluations import services
from evaluations.models import Registration, RegistrationKind, RegistrationStatus
from evaluations.tests.conftest import accept, score
from evaluations.tests.factories import complete_dossier
from products.tests.factories import ProductFactory
from subjects.tests.factories import SubjectFactory


def rows(client, world, user):
    client.force_login(user)
    page = client.get(reverse("evaluations:round_detail", args=[world.round.pk])).content.decode()
    table = page.split("<h2>Hồ sơ đăng ký", 1)[1].split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = re.findall(r"<tr>.*?</tr>", table, re.S)
    return {re.search(r"/evaluations/registrations/(\d+)/", row).group(1): row for row in found}


def a_round_in_scoring(world):
    """A draft (a product whose name needs escaping), a registration scored by member A with 4 stars, one that
    member B may not score (recusal) and the chair has started."""
    subject = SubjectFactory(unit=world.tree["c1"])
    product = ProductFactory(subject=subject, product_class=world.product_class, name="Mứt <sen> & gừng")
    complete_dossier(product)
    draft = services.registration_create(
        actor=world.officer, round_=world.round, product=product, kind=RegistrationKind.NEW
    )
    first = accept(world, world.product, start=False)
    second = accept(world, world.product_2)
    services.recusal_declare(
        actor=world.secretary,
        round_=world.round,
        member=world.member_b,
        subject=world.product_2.subject,
        reason="Người thân",
    )
    sheet = score(world, first, world.member_a, 35, 25, 21)
    score(world, second, world.chair, 30, 20, 10, submit=False)
    Registration.objects.filter(pk=first.pk).update(score=Decimal("78.456"), stars=4)
    return draft, first, second, sheet


def product_cells(registration, status_class):
    product = registration.product
    return (
        f'<tr>\n      <td><a href="/evaluations/registrations/{registration.pk}/"><strong>{product.name}</strong></a>'
        f'<br><small class="muted">{product.product_class.code} · {unit_option(product.unit)}</small></td>\n'
        f"      <td>{product.subject.name}</td>\n      <td>{RegistrationKind.NEW.label}</td>\n"
        f'      <td><span class="badge {status_class}">{RegistrationStatus(registration.status).label}</span></td>\n      '
    )


def test_office_rows(world, client):
    draft, first, second, _sheet = a_round_in_scoring(world)
    found = rows(client, world, world.office)
    assert list(found) == [str(first.pk), str(second.pk), str(draft.pk)]  # by product name
    assert found[str(first.pk)] == (
        product_cells(first, "warn")
        + '<td>1/3 <div class="progress" aria-hidden="true"><span style="width:33%"></span></div>\n'
        '        <small class="badge warn">Chưa đủ túc số (cần 3 phiếu)</small>'
        ' <small class="error">chủ tịch hội đồng chưa nộp</small>\n'
        f'        <br><small class="muted">Chưa nộp: {world.chair}, {world.member_b}</small>\n        </td>\n'
        '      <td class="num">78,46</td>\n'
        '      <td><span class="stars" title="4 sao" aria-label="4 sao">★★★★<span class="muted">☆</span></span></td>\n'
        "      \n    </tr>"
    )
    # Member B is recused for the second product: two sheets expected, the chair's not submitted.
    assert (
        '<td>0/2 <div class="progress" aria-hidden="true"><span style="width:0%"></span></div>'
        in (found[str(second.pk)])
    )
    draft_row = found[str(draft.pk)]
    assert "<strong>Mứt &lt;sen&gt; &amp; gừng</strong>" in draft_row
    assert draft_row == (
        product_cells(draft, "").replace("Mứt <sen> & gừng", "Mứt &lt;sen&gt; &amp; gừng")
        + '<td>—</td>\n      <td class="num">—</td>\n      <td>—</td>\n      \n    </tr>'
    )


def my_sheet(row):
    return row.rsplit("<td>", 1)[1]


def test_scoring_members_rows(world, client):
    draft, first, second, sheet = a_round_in_scoring(world)
    found = rows(client, world, world.member_a)
    assert "<td>1/3" not in found[str(first.pk)]  # no progress column for a member
    assert my_sheet(found[str(first.pk)]) == (
        f'\n        <a href="{reverse("evaluations:sheet_detail", args=[sheet.pk])}">Đã nộp</a>\n        \n      </td>\n'
        "    </tr>"
    )
    assert my_sheet(found[str(second.pk)]) == (
        f'\n        <a class="button primary" href="{reverse("evaluations:my_sheet", args=[second.pk])}">Chấm điểm</a>'
        "\n        \n      </td>\n    </tr>"
    )
    assert my_sheet(found[str(draft.pk)]) == "\n        —\n      </td>\n    </tr>"
    chair = rows(client, world, world.chair)
    assert (
        f'<a class="button" href="{reverse("evaluations:my_sheet", args=[second.pk])}">Tiếp tục chấm</a>'
        in my_sheet(chair[str(second.pk)])
    )
    member_b = rows(client, world, world.member_b)
    assert my_sheet(member_b[str(second.pk)]) == (
        '\n        <span class="badge">Không tham gia</span>\n        \n      </td>\n    </tr>'
    )


def test_local_officer_rows(world, client):
    draft, first, _second, _sheet = a_round_in_scoring(world)
    found = rows(client, world, world.officer)
    assert str(draft.pk) in found and str(first.pk) in found
    assert found[str(first.pk)] == (
        product_cells(first, "warn") + '\n      <td class="num">78,46</td>\n'
        '      <td><span class="stars" title="4 sao" aria-label="4 sao">★★★★<span class="muted">☆</span></span></td>\n'
        "      \n    </tr>"
    )
