"""The dashboard's map (issue #14 item 7): valid OCOP products by commune as an offline SVG of dots, the communes in
force on the chosen date (the old structure for an old year), each dot a link to the drill-down of exactly the
products it counts; an officer sees only the dots of their area."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from accounts.models import Role
from areas.models import LAST_OLD_DAY, REFORM_DAY, UnitLevel
from areas.tests.factories import UnitFactory

URL = reverse("dashboard:index")
DOT = re.compile(r'<a href="([^"]+)"><circle [^>]*data-unit="(\d+)" data-count="(\d+)"')
RECOGNISED_ON = datetime.date(2024, 3, 1)  # valid 36 months: at the end of 2024 and today (2026)


def commune(code, name, parent, lat, lon, *, old):
    dates = {"valid_to": LAST_OLD_DAY} if old else {"valid_from": REFORM_DAY}
    return UnitFactory(code=code, name=name, unit_type="xã", level=UnitLevel.COMMUNE, parent=parent, latitude=lat,
                       longitude=lon, **dates)  # fmt: skip


@pytest.fixture
def merged(db, make_user):
    """Old Đồng Tháp with three communes (A, B split between N1 (default) and N2, C), merged into new Đồng Tháp
    with N1, N2 and N3; products entered under the old communes in 2024: A 2 (3★, 4★), B 1 (3★), C 1 (5★)."""
    from decisions.tests.factories import AuthorityFactory, product_in, recognise

    country = UnitFactory(code="VN", name="Việt Nam", level=UnitLevel.COUNTRY, unit_type="quốc gia")
    old = UnitFactory(code="87", name="Đồng Tháp", parent=country, valid_to=LAST_OLD_DAY)
    district = UnitFactory(code="876", name="Lai Vung", unit_type="huyện", level=UnitLevel.DISTRICT, parent=old,
                           valid_to=LAST_OLD_DAY)  # fmt: skip
    a = commune("30208", "Lai Vung", district, 10.29, 105.66, old=True)
    b = commune("30211", "Tân Dương", district, 10.31, 105.62, old=True)
    c = commune("30226", "Tân Thành", district, 10.24, 105.60, old=True)
    new = UnitFactory(code="82", name="Đồng Tháp", parent=country, valid_from=REFORM_DAY)
    n1 = commune("29950", "Lai Vung", new, 10.29, 105.65, old=False)
    n2 = commune("29951", "Phong Hòa", new, 10.22, 105.61, old=False)
    n3 = commune("29952", "Tân Hồng", new, 10.87, 105.46, old=False)
    old.successors.add(new)
    a.successors.add(n1)
    b.successors.add(n1, n2)
    b.default_successor = n1
    b.save()
    c.successors.add(n2)
    office = make_user(role=Role.COORDINATION_OFFICE, unit=new)
    authority = AuthorityFactory(unit=old)
    products = {"a": [product_in(a), product_in(a)], "b": [product_in(b)], "c": [product_in(c)]}
    stars = [(products["a"][0], 3), (products["a"][1], 4), (products["b"][0], 3), (products["c"][0], 5)]
    recognise(office, authority, RECOGNISED_ON, *stars)
    return {"old": old, "new": new, "a": a, "b": b, "c": c, "n1": n1, "n2": n2, "n3": n3, "office": office,
            "products": products}  # fmt: skip


def dots(response):
    """{unit id: (count, link)} of the map's dots."""
    html = response.content.decode()
    assert 'class="dot-map"' in html
    return {int(unit): (int(count), unescape(url)) for url, unit, count in DOT.findall(html)}


def drill_products(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return {row.product_id for row in response.context["rows"]}


def ids(products):
    return {product.pk for product in products}


@pytest.mark.django_db
def test_the_map_has_a_dot_per_commune_with_products_linked_to_exactly_its_products(client, merged):
    client.force_login(merged["office"])
    response = client.get(URL, {"year": 2026, "area": merged["new"].pk})
    assert response.status_code == 200
    found = dots(response)
    n1, n2, n3 = merged["n1"], merged["n2"], merged["n3"]
    # Old communes' products on the communes that absorbed them; the split commune B on its default successor N1.
    assert {unit: count for unit, (count, _url) in found.items()} == {n1.pk: 3, n2.pk: 1}
    assert sum(count for count, _url in found.values()) == response.context["cards"][0]["value"] == 4
    # The commune without products is a grey background dot, not a link.
    html = response.content.decode()
    assert f'data-unit="{n3.pk}"' not in html
    assert html.count('fill="#bdbdbd"') == 1
    # Coloured by the highest star: N1 4★ (blue), N2 5★ (gold).
    assert re.search(rf'fill="#1f5fa8"[^>]*data-unit="{n1.pk}"', html)
    assert re.search(rf'fill="#c8951f"[^>]*data-unit="{n2.pk}"', html)
    # Each dot opens the dashboard's drill-down of valid products, filtered to that commune: exactly its products.
    products = merged["products"]
    url_n1 = found[n1.pk][1]
    assert url_n1.startswith(reverse("dashboard:drilldown", args=["valid"])) and f"commune={n1.pk}" in url_n1
    assert drill_products(client, url_n1) == ids(products["a"] + products["b"])
    assert drill_products(client, found[n2.pk][1]) == ids(products["c"])
    assert "Phong Hòa" in client.get(found[n2.pk][1]).content.decode()
    # The list keeps the commune a product was entered under and names the one it belongs to now.
    html = client.get(url_n1).content.decode()
    assert "Xã Tân Dương (trước 01/07/2025) → nay Xã Lai Vung" in html
    assert "Xã Lai Vung (trước 01/07/2025) → nay Xã Lai Vung" in html


@pytest.mark.django_db
def test_an_old_year_shows_the_old_communes(client, merged):
    client.force_login(merged["office"])
    found = dots(client.get(URL, {"year": 2024, "area": merged["new"].pk}))
    a, b, c = merged["a"], merged["b"], merged["c"]
    assert {unit: count for unit, (count, _url) in found.items()} == {a.pk: 2, b.pk: 1, c.pk: 1}
    assert drill_products(client, found[b.pk][1]) == ids(merged["products"]["b"])


@pytest.mark.django_db
def test_an_officer_sees_only_the_dots_of_their_area(client, merged, make_user):
    officer = make_user(role=Role.LOCAL_OFFICER, unit=merged["n1"])
    client.force_login(officer)
    response = client.get(URL, {"year": 2026})
    assert response.status_code == 200
    assert set(dots(response)) == {merged["n1"].pk}
    assert f'data-unit="{merged["n2"].pk}"' not in response.content.decode()
    # The drill-down of another commune's dot, under the officer's own area, lists nothing of it.
    drill = reverse("dashboard:drilldown", args=["valid"])
    rows = drill_products(client, f"{drill}?year=2026&area={merged['n1'].pk}&commune={merged['n2'].pk}")
    assert rows == set()
    # Another area's dashboard is refused.
    assert client.get(URL, {"year": 2026, "area": merged["new"].pk}).status_code == 404
