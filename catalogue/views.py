"""Public pages (no login): the catalogue, a product's page, verification by QR, open data, robots and sitemap;
and the office's QR download (login, scoped). Every public page reads through ``selectors.public_products``."""

import hashlib
import io
from urllib.parse import quote_plus, urlencode

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from PIL import Image, ImageOps

from areas.maps import MapPoint, dot_map
from areas.models import AdministrativeUnit, UnitLevel
from areas.selectors import subtree_q
from decisions.models import Recognition
from ocop_portal.exports import csv_bytes, export_filename, xlsx_bytes
from products.models import EXTENSIONS

from . import qr, selectors
from .api.views import cache_seconds
from .filtersets import catalogue_filter
from .forms import ConsentForm
from .http import conditional
from .models import PublicCode
from .permissions import can_download_qr, can_record_consent

PAGE_SIZE = 30
SITEMAP_LIMIT = 50000

EXPORT_COLUMNS = (
    ("code", _("Mã tra cứu")),
    ("name", _("Tên sản phẩm")),
    ("group", _("Nhóm sản phẩm")),
    ("stars", _("Hạng sao")),
    ("status_label", _("Tình trạng")),
    ("valid_until", _("Hiệu lực đến")),
    ("producer", _("Chủ thể")),
    ("commune", _("Xã, phường")),
    ("province", _("Tỉnh, thành phố")),
    ("decision_number", _("Số quyết định")),
    ("decision_date", _("Ngày quyết định")),
    ("decision_authority", _("Cơ quan ban hành")),
    ("revocation_decision_number", _("Số quyết định thu hồi")),
    ("revocation_decision_date", _("Ngày thu hồi")),
    ("contact_phone", _("Điện thoại (nếu chủ thể đồng ý)")),
    ("contact_email", _("Thư điện tử (nếu chủ thể đồng ý)")),
    ("contact_website", _("Website (nếu chủ thể đồng ý)")),
)


def _with_urls(items, request=None):
    for item in items:
        item["url"] = selectors.product_url(item)
        item["verify_url"] = reverse("catalogue:verify", kwargs={"code": item["code"]})
    return items


def _query_without(request, *names):
    return urlencode([(k, v) for k, vals in request.GET.lists() if k not in names for v in vals])


class CatalogueView(View):
    """The public list: search without diacritics, filters, sort, pages; the map of communes is its own answer
    (``CatalogueMapView``, fetched by the page): at national scale it has thousands of dots, the same for every
    visitor of a filter, so it is cached apart and the list is not held up by it."""

    def get(self, request):
        form, queryset, lean = catalogue_filter(request.GET, with_lean=True)
        paginator = Paginator(queryset, PAGE_SIZE)
        paginator.count = lean.count()  # counted on the catalogue table alone
        page = paginator.get_page(request.GET.get("page"))
        items = _with_urls(selectors.published(page.object_list))
        map_query = _query_without(request, "commune", "page", "sort")
        context = {
            "form": form,
            "page_obj": page,
            "items": items,
            "map_url": reverse("catalogue:map") + (f"?{map_query}" if map_query else ""),
            "page_query": _query_without(request, "page"),
            "commune_filter": request.GET.get("commune", ""),
            "clear_commune_query": _query_without(request, "commune", "page"),
        }
        return render(request, "catalogue/catalogue.html", context)


def catalogue_map_svg(data):
    """The SVG map of the catalogue's products by commune for GET ``data`` (the list's filters but the commune):
    one grouped query on the catalogue table, and for a province its other communes as grey dots (one query)."""
    form, lean = catalogue_filter(data, lean_only=True)
    list_url = reverse("catalogue:list")
    base_query = urlencode([(k, v) for k, vals in data.lists() if k not in ("commune", "page") for v in vals])
    prefix = f"{list_url}?{base_query}&commune=" if base_query else f"{list_url}?commune="
    points = [
        MapPoint(unit=unit, count=count, stars=top, url=prefix + quote_plus(unit.code or ""))
        for unit, count, top in selectors.commune_counts(lean)
    ]
    background = ()
    province = form.cleaned_data.get("province") if form.is_bound and hasattr(form, "cleaned_data") else None
    if province:  # the province's other communes as grey dots, so its shape shows (one query)
        unit = AdministrativeUnit.objects.current().filter(code=province, level=UnitLevel.PROVINCE).first()
        if unit is not None:
            background = AdministrativeUnit.objects.current().filter(
                subtree_q(unit, ""), level=UnitLevel.COMMUNE, latitude__isnull=False
            )
    return str(dot_map(points, background=list(background), title=_("Sản phẩm OCOP theo xã, phường")))


class CatalogueMapView(View):
    """/catalogue/ban-do.svg?<filters>: the map as an SVG document (the page inserts it; without script the
    visitor opens it and its dots link to the filtered list). The same for every visitor: cached per filter as
    long as the public API's answers (``OCOP_PUBLIC_CACHE_SECONDS``)."""

    def get(self, request):
        query = urlencode(
            sorted((k, v) for k, vals in request.GET.lists() if k not in ("commune", "page") for v in vals)
        )
        key = "catalogue:map:" + hashlib.sha256(f"{get_language()}|{query}".encode()).hexdigest()
        svg = cache.get(key)
        if svg is None:
            svg = catalogue_map_svg(request.GET)
            cache.set(key, svg, max(cache_seconds(), 1))
        content = svg.encode("utf-8")
        if not content:
            return HttpResponse(status=204)
        response = HttpResponse(content, content_type="image/svg+xml; charset=utf-8")
        response["X-Content-Type-Options"] = "nosniff"
        return conditional(request, response, content)


class ExportView(View):
    """The catalogue (same filters) as CSV or XLSX: the province's current OCOP list for traders."""

    def get(self, request, fmt):
        if fmt not in ("csv", "xlsx"):
            raise Http404
        _form, queryset = catalogue_filter(request.GET)
        items = selectors.published(queryset)
        headers = [str(label) for _key, label in EXPORT_COLUMNS]
        rows = ([item[key] for key, _label in EXPORT_COLUMNS] for item in items)
        title = _("Danh mục sản phẩm OCOP")
        if fmt == "csv":
            content = csv_bytes(headers, rows)
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
        else:
            content = xlsx_bytes(headers, rows, sheet_title=title)
            response = HttpResponse(
                content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(export_filename(title, fmt))}"
        return conditional(request, response, content if fmt == "csv" else csv_bytes(headers, []) + content, items)


def _quote(name):
    from urllib.parse import quote

    return quote(name)


class ProductView(View):
    """A product's public page, addressed by its certificate's code (never by an id)."""

    def get(self, request, code, slug=None):
        item = selectors.public_product(code)
        if item is None:
            raise Http404
        if slug != item["slug"]:
            return redirect("catalogue:product", code=code, slug=item["slug"], permanent=True)
        _with_urls([item])
        return render(request, "catalogue/product.html", {"item": item})


PHOTO_MAX_SIDE = 1600  # pixels: a public photo is shown, not archived
PHOTO_CACHE_SECONDS = 24 * 3600


def _public_image_bytes(document):
    """The photo re-encoded by Pillow: turned upright, at most ``PHOTO_MAX_SIDE`` pixels a side, and WITHOUT its
    metadata (EXIF: camera, date, GPS position of the producer's premises...). Cached by token: a new mark of the
    photo makes a new token."""
    key = f"catalogue:photo:{document.public_token}"
    content = cache.get(key)
    if content is None:
        with document.file.open("rb") as handle, Image.open(handle) as original:
            image = ImageOps.exif_transpose(original)
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            buffer = io.BytesIO()
            if document.content_type == "image/png":
                image.save(buffer, format="PNG", optimize=True)
            else:
                image.convert("RGB").save(buffer, format="JPEG", quality=88, optimize=True)
        content = buffer.getvalue()
        cache.set(key, content, PHOTO_CACHE_SECONDS)
    return content


class PhotoView(View):
    """A photo the office marked public, of a product the public selector returns: keyed by the certificate's code
    and the photo's random token (never a record's id); anything else is a 404."""

    def get(self, request, code, token, ext):
        document = selectors.public_photo(code, token)
        if document is None or EXTENSIONS[document.content_type] != f".{ext}":
            raise Http404
        try:
            content = _public_image_bytes(document)
        except (FileNotFoundError, OSError, ValueError) as exc:
            raise Http404 from exc
        response = HttpResponse(content, content_type=document.content_type)
        response["Content-Disposition"] = f'inline; filename="ocop-{code}-{token[:8]}.{ext}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return conditional(request, response, content)


class VerifyView(View):
    """/v/<code>/: what a QR code on a label says: valid, expiring, expired, revoked (with the decision)."""

    def get(self, request, code):
        result = selectors.verification(code)
        if result is None:
            raise Http404
        if result.get("current"):
            _with_urls([result["current"]])
        return render(request, "catalogue/verify.html", {"item": result})


# not generic: the office's QR download, a recognition reached through restrict() in permissions.can_download_qr
class QrView(LoginRequiredMixin, View):
    """The QR code of a certificate for labels: a page with the code, and SVG/PNG downloads (office, scoped)."""

    def get(self, request, code, fmt=None):
        public = get_object_or_404(PublicCode.objects.select_related("recognition"), code=code)
        if not can_download_qr(request.user, public.recognition):
            raise Http404
        url = request.build_absolute_uri(reverse("catalogue:verify", kwargs={"code": code}))
        if fmt == "svg":
            response = HttpResponse(qr.qr_svg(url, scale=10), content_type="image/svg+xml")
        elif fmt == "png":
            response = HttpResponse(qr.qr_png(url), content_type="image/png")
        elif fmt is None:
            recognition = Recognition.objects.select_related("product", "decision").get(pk=public.recognition_id)
            context = {"code": code, "url": url, "svg": qr.qr_svg(url, scale=6), "recognition": recognition}
            return render(request, "catalogue/qr.html", context)
        else:
            raise Http404
        response["Content-Disposition"] = f'attachment; filename="ocop-qr-{code}.{fmt}"'
        return response


# not generic: a recognition the office may see gets its code created on demand, then the QR page
class QrForRecognitionView(LoginRequiredMixin, View):
    def post(self, request, pk):
        from .services import public_code_for

        recognition = get_object_or_404(Recognition.objects.restrict(request.user, "view"), pk=pk)
        return redirect("catalogue:qr", code=public_code_for(recognition).code)


# not generic: one flag of a subject reached through restrict() in permissions.can_record_consent
class ConsentView(LoginRequiredMixin, View):
    """The office records whether a producer agreed to publish its contact details in the public catalogue."""

    def _subject(self, request, pk):
        from subjects.models import Subject

        subject = get_object_or_404(Subject.objects.restrict(request.user, "view"), pk=pk)
        if not can_record_consent(request.user, subject):
            raise Http404
        return subject

    def _render(self, request, subject, form, status=200):
        return render(request, "catalogue/consent.html", {"subject": subject, "form": form}, status=status)

    def get(self, request, pk):
        from .models import ProducerConsent

        subject = self._subject(request, pk)
        consent = ProducerConsent.objects.filter(subject=subject).first()
        form = ConsentForm(initial={"publish_contact": bool(consent and consent.publish_contact)})
        return self._render(request, subject, form)

    def post(self, request, pk):
        from django.contrib import messages

        from .services import consent_set

        subject = self._subject(request, pk)
        form = ConsentForm(request.POST)
        if not form.is_valid():
            return self._render(request, subject, form, status=400)
        consent_set(actor=request.user, subject=subject, publish_contact=form.cleaned_data["publish_contact"])
        messages.success(request, _("Đã ghi nhận ý kiến của chủ thể về việc công khai thông tin liên hệ."))
        return redirect("catalogue:consent", pk=subject.pk)


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("catalogue:sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /catalogue/",
        "Allow: /v/",
        "Disallow: /catalogue/qr/",
        "Disallow: /catalogue/export/",
        "Disallow: /api/",
        "Disallow: /admin/",
        "Disallow: /",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def sitemap_xml(request):
    rows = selectors.public_products().values_list("code", "pname")[:SITEMAP_LIMIT]
    base = request.build_absolute_uri("/").rstrip("/")
    urls = [base + reverse("catalogue:list")]
    urls += [
        base + reverse("catalogue:product", kwargs={"code": code, "slug": selectors.slug_of(name)})
        for code, name in rows
    ]
    body = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    body += [f"<url><loc>{url}</loc></url>" for url in urls]
    body.append("</urlset>")
    return HttpResponse("\n".join(body), content_type="application/xml")
