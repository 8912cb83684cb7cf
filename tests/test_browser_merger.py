"""Browser journey through the 1 July 2025 reorganisation (issue #14): the merged province's coordination office
opens a 2026 round in the portal and registers a product entered in 2021 under an old commune of old Đồng Tháp
(recognised 3★ in 2022, due for re-evaluation). The registration succeeds, and the records behind the dashboard
show the product on the commune that absorbed its old commune.

The units are the official ones (``load_areas --province 82``): old xã Tân Thành of huyện Lai Vung (30226)
became part of xã Lai Vung of the merged Đồng Tháp on 01/07/2025."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from areas.models import LAST_OLD_DAY, REFORM_DAY, AdministrativeUnit, UnitLevel
from decisions.tests.factories import AuthorityFactory, product_in, recognise
from evaluations.models import Registration, RegistrationKind, RegistrationStatus, Round, RuleSet
from evaluations.tests.factories import complete_dossier, criteria_set_factory
from products.models import Product
from products.tests.factories import ProductClassFactory
from tests.browser import browser_login

PRODUCT_NAME = "Bánh tráng Tân Thành"


def _login(page, base, username):
    browser_login(page, base, username)


def _arrange(make_user):
    call_command("load_areas", "--province", "82", stdout=io.StringIO())
    units = AdministrativeUnit.objects
    old_province = units.get(level=UnitLevel.PROVINCE, code="87", valid_to=LAST_OLD_DAY)
    new_province = units.get(level=UnitLevel.PROVINCE, code="82", valid_from=REFORM_DAY)
    tan_thanh = units.get(level=UnitLevel.COMMUNE, code="30226", valid_to=LAST_OLD_DAY)
    assert (tan_thanh.name, tan_thanh.parent.name) == ("Tân Thành", "Lai Vung")
    office = make_user(Role.COORDINATION_OFFICE, new_province, username="vpdp.hopnhat")
    # Entered in 2021 under the old commune, recognised 3★ in 2022 (valid 36 months: ended in 2025).
    product_class = ProductClassFactory()
    rule_set = RuleSet.objects.get(code="qd148_1489")
    criteria_set_factory(
        rule_set=rule_set.criteria_source, number=product_class.set_number, product_class=product_class
    )
    product = product_in(tan_thanh, name=PRODUCT_NAME, product_class=product_class)
    entered = timezone.make_aware(datetime.datetime(2021, 5, 10, 9, 0))
    Product.objects.filter(pk=product.pk).update(created_at=entered)
    recognise(office, AuthorityFactory(unit=old_province), datetime.date(2022, 9, 1), (product, 3))
    complete_dossier(product)
    return new_province, tan_thanh, product


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_new_province_office_opens_a_round_and_registers_an_old_product(portal_page, live_server, make_user):
    page, base = portal_page, live_server.url
    new_province, tan_thanh, product = _arrange(make_user)
    year = timezone.localdate().year
    _login(page, base, "vpdp.hopnhat")

    # 1. The office opens a province round of the merged province (a unit in force).
    page.goto(f"{base}/evaluations/rounds/new/")
    unit_labels = page.locator("#id_unit option").all_inner_texts()
    # Only units in force are offered: the merged Đồng Tháp once, not the old provinces it replaced.
    assert [label.strip() for label in unit_labels if "Đồng Tháp" in label] == ["Đồng Tháp"]
    assert not any("Tiền Giang" in label for label in unit_labels)
    page.fill("#id_year", str(year))
    page.fill("#id_sequence", "1")
    page.select_option("#id_rule_set", value=str(RuleSet.objects.get(code="qd148_1489").pk))
    page.select_option("#id_level", value="province")
    page.select_option("#id_unit", value=str(new_province.pk))
    page.fill("#id_opens_on", f"{year}-03-01")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/evaluations/rounds/\d+/$"))
    round_ = Round.objects.get(year=year, sequence=1, unit=new_province)
    assert f"Đợt 1 năm {year}" in page.locator("h1").inner_text()

    # 2. The product of the old commune is offered and registers for re-evaluation.
    page.get_by_role("link", name="+ Đăng ký sản phẩm").first.click()
    page.wait_for_url(f"{base}/evaluations/rounds/{round_.pk}/register/")
    offered = page.locator("#id_product option").all_inner_texts()
    assert any(PRODUCT_NAME in text for text in offered), offered
    page.select_option("#id_product", value=str(product.pk))
    page.select_option("#id_kind", value=RegistrationKind.RE_EVALUATION)
    # QĐ 1489: the dossier carries the commune's evaluation report (uploaded to the product's dossier before).
    page.select_option("#id_commune_report", index=1)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/evaluations/registrations/\d+/$"))
    registration = Registration.objects.get(round=round_, product=product)
    assert f"Đã đăng ký «{PRODUCT_NAME}» vào đợt." in page.locator("main").inner_text()
    # The registration names the unit the product was entered under and the commune it belongs to now.
    assert "Xã Tân Thành (trước 01/07/2025) → nay Xã Lai Vung" in page.locator("dl.props").first.inner_text()

    # 3. The office sends the dossier: the registration counts for the merged province's year.
    page.locator(f"a[href='/evaluations/registrations/{registration.pk}/move/submitted/']").click()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"{base}/evaluations/registrations/{registration.pk}/")
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SUBMITTED
    product.refresh_from_db()
    assert product.unit_id == tan_thanh.pk  # the record keeps the unit it was entered under

    # 4. On the dashboard the registration is counted and listed on the successor commune, xã Lai Vung.
    page.goto(f"{base}/dashboard/?year={year}&area={new_province.pk}")
    entries = page.locator("#card-entries a.value")
    assert entries.get_attribute("data-number") == "1"
    entries.click()
    page.wait_for_url(f"{base}/dashboard/drilldown/entries/*")
    row = page.locator("table tbody tr", has_text=PRODUCT_NAME)
    assert "Xã Tân Thành (trước 01/07/2025) → nay Xã Lai Vung" in row.inner_text()
