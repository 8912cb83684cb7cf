"""Issue #17 item 1: photos the office marked public show on the product's public page, served at a catalogue URL
keyed by the certificate's code and the photo's random token; unmarked photos and dossier documents never."""

import io
import re

import pytest
from PIL import Image

from products import services

pytestmark = pytest.mark.django_db

PHOTO_URL = re.compile(r"/catalogue/p/[A-Za-z0-9_-]+/anh/[A-Za-z0-9_-]+\.(?:png|jpg)")


def test_a_marked_photo_shows_on_the_public_page_and_downloads_without_its_metadata(client, world, photos, code_of):
    assert b"BimatCam" in photos["marked"].file.open("rb").read()  # stored as uploaded, metadata included
    code = code_of(world["recognitions"]["valid"])
    page = client.get(f"/catalogue/p/{code}/", follow=True).content.decode()
    urls = PHOTO_URL.findall(page)
    assert urls == [f"/catalogue/p/{code}/anh/{photos['marked'].public_token}.jpg"]
    response = client.get(urls[0])
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff" and "sandbox" in response["Content-Security-Policy"]
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (64, 48) and image.getpixel((30, 20))[1] > 120  # the green photo
    assert not image.getexif() and b"BimatCam" not in response.content  # camera and GPS are not published
    assert client.get(urls[0], HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    item = client.get(f"/api/public/catalogue/products/{code}/").json()
    assert item["photos"] == [f"http://testserver{urls[0]}"]
    others = client.get(f"/api/public/catalogue/products/{code_of(world['recognitions']['expiring'])}/").json()
    assert others["photos"] == []


def test_unmarked_photos_and_dossier_documents_are_404_by_every_public_url(client, world, photos, code_of, office):
    code = code_of(world["recognitions"]["valid"])
    other_code = code_of(world["recognitions"]["expiring"])
    old_code = code_of(world["recognitions"]["old"])
    marked = photos["marked"]
    candidates = []
    for key in ("unmarked", "dossier", "subject_doc"):
        document = photos[key]
        stem = document.storage_key.split(".")[0]
        for ext in ("png", "jpg", "pdf"):
            for ident in (str(document.pk), document.storage_key, stem, document.sha256):
                candidates.append(f"/catalogue/p/{code}/anh/{ident}.{ext}")
    candidates += [
        f"/catalogue/p/{code}/anh/{marked.pk}.jpg",  # an id instead of the token
        f"/catalogue/p/{code}/anh/{marked.public_token}.png",  # the wrong type
        f"/catalogue/p/{other_code}/anh/{marked.public_token}.jpg",  # another product's code
        f"/catalogue/p/guessed12345/anh/{marked.public_token}.jpg",
        f"/catalogue/p/{old_code}/anh/{photos['not_public_product'].public_token}.jpg",  # not a public product
    ]
    for url in candidates:
        assert client.get(url).status_code == 404, url
    public_texts = [
        client.get(url, follow=True).content.decode()
        for url in (f"/catalogue/p/{code}/", f"/v/{code}/", f"/api/public/catalogue/products/{code}/")
    ]
    public_texts.append(client.get("/api/public/catalogue/products/", {"page_size": 200}).content.decode())
    for text in public_texts:
        for key in ("unmarked", "dossier", "subject_doc", "not_public_product"):
            document = photos[key]
            assert document.storage_key.split(".")[0] not in text
            assert document.title not in text
            if document.public_token:
                assert document.public_token not in text
        assert photos["marked"].title not in text  # the dossier's own title is not published either
    # Withdrawn: its old URL is a 404 at once and the page no longer shows it.
    url = f"/catalogue/p/{code}/anh/{marked.public_token}.jpg"
    assert client.get(url).status_code == 200
    services.document_set_public(actor=office, document=marked, public=False)
    assert client.get(url).status_code == 404
    assert not PHOTO_URL.search(client.get(f"/catalogue/p/{code}/", follow=True).content.decode())
