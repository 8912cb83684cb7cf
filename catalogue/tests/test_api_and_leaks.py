"""Issue #17: the public JSON API (published fields only, caching headers, rate limit per IP) and the leak test
over every public URL: nothing outside ``selectors.PUBLISHED_FIELDS`` leaves the portal."""

import json
import re

import pytest
from django.core.cache import cache

from catalogue.selectors import PUBLISHED_FIELDS

from .factories import SECRETS

pytestmark = pytest.mark.django_db

API = "/api/public/catalogue/products/"
# The published list, written out here on purpose: a field added to ``selectors.PUBLISHED_FIELDS`` must be added
# here too, deliberately (issue #17 item 1 added "photos": the URLs of the photos the office marked public).
EXPECTED_PUBLISHED = (
    "code",
    "slug",
    "name",
    "group",
    "stars",
    "status",
    "status_label",
    "valid_until",
    "producer",
    "commune",
    "commune_code",
    "province",
    "decision_number",
    "decision_date",
    "decision_authority",
    "revocation_decision_number",
    "revocation_decision_date",
    "revocation_ground",
    "revoked_on",
    "contact_address",
    "contact_phone",
    "contact_email",
    "contact_website",
    "photos",
)
# A link into the office's pages (a record's id) would let anyone enumerate internal records.
INTERNAL_LINK = re.compile(
    r"""["'>](?:https?://[^/"']+)?/(products|subjects|decisions|evaluations|admin|audit|api/(?!public))/"""
)


def _public_urls(world, code_of):
    urls = ["/catalogue/", "/catalogue/?q=xoai", "/catalogue/?status=revoked", "/catalogue/sitemap.xml", "/robots.txt"]
    urls += ["/catalogue/ban-do.svg?status=all"]
    urls += ["/catalogue/export/csv/", API, f"{API}?page_size=200"]
    for key, recognition in world["recognitions"].items():
        code = code_of(recognition)
        urls.append(f"/v/{code}/")
        if key != "old":
            urls += [f"/catalogue/p/{code}/", f"{API}{code}/"]
    return urls


def test_no_public_url_shows_a_field_outside_the_published_list(client, world, photos, code_of, area_tree):
    assert PUBLISHED_FIELDS == EXPECTED_PUBLISHED
    for i, key in enumerate(("c1", "c2", "c3")):  # so that the map has dots (their titles are checked too)
        area_tree[key].latitude, area_tree[key].longitude = 10.4 + i / 10, 105.6 + i / 10
        area_tree[key].save()
    internal_ids = {str(p.pk) for p in world["products"].values()} | {str(r.pk) for r in world["recognitions"].values()}
    hidden = [photos[key] for key in ("unmarked", "dossier", "subject_doc", "not_public_product")]
    secrets = {**SECRETS, **{f"document {doc.pk}": doc.storage_key.split(".")[0] for doc in hidden}}
    secrets |= {f"title {doc.pk}": doc.title for doc in [*hidden, photos["marked"]]}
    secrets["hidden token"] = photos["not_public_product"].public_token
    shown = 0
    for url in _public_urls(world, code_of):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = response.content.decode("utf-8")
        for name, secret in secrets.items():
            assert secret not in text, (url, name)
        shown += photos["marked"].public_token in text
        if url != "/robots.txt":  # robots.txt names the office's paths to keep crawlers out
            assert not INTERNAL_LINK.search(text), url
        if response["Content-Type"].startswith("application/json"):
            data = json.loads(text)
            items = data.get("results", [data])
            assert items, url
            for item in items:
                assert set(item) == set(PUBLISHED_FIELDS) | {"url"}, url
                assert item["code"] not in internal_ids
                assert item["contact_phone"] in ("", "02773111222"), url
            assert set(data) <= {"count", "page", "pages", "results"} | set(PUBLISHED_FIELDS) | {"url"}
            for item in items:
                for photo in item["photos"]:
                    assert client.get(photo).status_code == 200, photo
    assert shown >= 3  # the marked photo is published (product page, its API item, the API list)


def test_api_lists_published_fields_with_status(client, world, code_of):
    data = client.get(API, {"q": "xoai say"}).json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["name"] == "Xoài sấy dẻo Cao Lãnh" and item["stars"] == 4 and item["status"] == "valid"
    assert item["valid_until"] == world["recognitions"]["valid"].valid_until.isoformat()
    assert item["url"].startswith("http://testserver/catalogue/p/")
    revoked = client.get(f"{API}{code_of(world['recognitions']['revoked'])}/").json()
    assert revoked["status"] == "revoked" and revoked["revocation_decision_number"]
    statuses = {row["status"] for row in client.get(API).json()["results"]}
    assert statuses == {"valid", "expiring", "expired", "revoked"}


def test_api_etag_and_last_modified(client, world):
    first = client.get(API)
    assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
    again = client.get(API, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    other = client.get(API, {"stars": "5"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert other.status_code == 200


def test_rate_limit_per_ip_returns_429(client, world, settings):
    settings.OCOP_PUBLIC_API_RATE = "3/min"
    cache.clear()
    for _ in range(3):
        assert client.get(API, REMOTE_ADDR="203.0.113.7").status_code == 200
    response = client.get(API, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429 and response["Retry-After"]
    assert client.get(API, REMOTE_ADDR="203.0.113.8").status_code == 200  # another address counts apart


def test_public_api_in_the_openapi_schema():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/public/catalogue/products/" in schema["paths"]
    assert "/api/public/catalogue/products/{code}/" in schema["paths"]
    operation = schema["paths"]["/api/public/catalogue/products/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "province", "commune", "stars", "status"}


def test_repeated_answers_come_from_the_cache_without_the_database(
    client, world, code_of, settings, django_assert_num_queries
):
    settings.OCOP_PUBLIC_CACHE_SECONDS = 60
    code = code_of(world["recognitions"]["valid"])
    first = client.get(API, {"stars": "4"}).json()
    detail = client.get(f"{API}{code}/").json()
    with django_assert_num_queries(0):
        assert client.get(API, {"stars": "4"}).json() == first
        assert client.get(f"{API}{code}/").json() == detail
    assert client.get(API, {"stars": "3"}).json() != first  # another question, another answer
