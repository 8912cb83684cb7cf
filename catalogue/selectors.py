"""Reads of the public catalogue. THE one public selector is ``public_products``: every public page, export and
API reads through it, and it returns only ``PUBLISHED_FIELDS`` of products in force or recently ended."""

import datetime

from django.db.models import CharField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from areas.models import AdministrativeUnit, UnitLevel, ids_in_path
from areas.selectors import scope_paths
from decisions.models import DecisionStatus, Recognition, Revocation
from decisions.selectors import EXPIRY_WARNING_DAYS
from ocop_portal.text import fold
from products.models import EXTENSIONS, PUBLIC_IMAGE_TYPES, Document, OcopStatus, Product

from .models import CatalogueEntry, PublicCode

# A product whose recognition ended (expired or revoked) stays listed this long, so a label can still be checked.
RECENTLY_ENDED_DAYS = 365

# Public status (what a shopper reads) -> label.
STATUS_VALID = "valid"
STATUS_EXPIRING = "expiring"
STATUS_EXPIRED = "expired"
STATUS_REVOKED = "revoked"
STATUS_SUPERSEDED = "superseded"
STATUS_LABELS = {
    STATUS_VALID: _("Còn hiệu lực"),
    STATUS_EXPIRING: _("Còn hiệu lực, sắp hết hạn"),
    STATUS_EXPIRED: _("Đã hết hiệu lực"),
    STATUS_REVOKED: _("Đã bị thu hồi"),
    STATUS_SUPERSEDED: _("Đã được thay bằng giấy chứng nhận mới"),
}

# Every field that may leave the portal (pages, exports, API). The leak test compares against this list.
PUBLISHED_FIELDS = (
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
CONTACT_FIELDS = ("contact_address", "contact_phone", "contact_email", "contact_website")

# The catalogue row's values a page needs (internal keys: never shown as such; ``published`` makes the dicts).
_VALUES = {
    "product_id_": F("product_id"),
    "pname": F("name"),
    "stars_": F("stars"),
    "status_": F("ocop_status"),
    "valid_until_": F("valid_until"),
    "revoked_on_": F("revoked_on"),
    "recognition_id_": F("recognition_id"),
    "group_": F("group_name"),
    "contact_": F("contact_published"),
}
_ROW_FIELDS = (
    "code",
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
)

# What a shown row needs besides: the producer's contact, only where it consented (read for the shown rows only;
# personal data is not copied into the catalogue table).
_DETAILS = {
    "consent": F("subject__public_consent__publish_contact"),
    "address_": F("subject__address"),
    "phone_": F("subject__phone"),
    "email_": F("subject__email"),
    "website_": F("subject__website"),
}
NO_CONTACT = {"consent": False, "address_": "", "phone_": "", "email_": "", "website_": ""}
DETAILS_BATCH = 2000


def code_subquery(prefix=""):
    """The code of the product's recognition, of the one it corrects, or of that one's original (labels keep it)."""
    rec = f"{prefix}ocop_recognition"

    def of(ref):
        return Subquery(PublicCode.objects.filter(recognition_id=OuterRef(ref)).values("code")[:1])

    return Coalesce(
        of(f"{rec}_id"),
        of(f"{rec}__corrects_id"),
        of(f"{rec}__corrects__corrects_id"),
        output_field=CharField(),
    )


def _window(on=None):
    """{stored OCOP status: Q of the rows of that status the public may see}: in force, or ended at most
    ``RECENTLY_ENDED_DAYS`` ago (the window moves with the date, so it is applied when reading)."""
    today = on or timezone.localdate()
    since = today - datetime.timedelta(days=RECENTLY_ENDED_DAYS)
    return {
        OcopStatus.VALID: Q(ocop_status=OcopStatus.VALID),
        OcopStatus.EXPIRED: Q(ocop_status=OcopStatus.EXPIRED, valid_until__gte=since),
        OcopStatus.REVOKED: Q(ocop_status=OcopStatus.REVOKED, revoked_on__gte=since),
    }


def public_base(on=None, *, ocop_status=None):
    """Catalogue rows the public may see: in force, or ended at most ``RECENTLY_ENDED_DAYS`` ago (only those of
    one stored ``ocop_status`` if given: one index condition instead of an OR). A row exists for each product whose
    current recognition is issued and has a code (``services.catalogue_entries_refresh``)."""
    window = _window(on)
    if ocop_status is not None:
        return CatalogueEntry.objects.filter(window[ocop_status])
    return CatalogueEntry.objects.filter(
        window[OcopStatus.VALID] | window[OcopStatus.EXPIRED] | window[OcopStatus.REVOKED]
    )


def search(queryset, text):
    """Every word must appear in the product's or the producer's folded name ("xoai say" finds "Xoài sấy"): one
    ``LIKE '%word%'`` per word on the row's folded text (a pg_trgm GIN index serves it on PostgreSQL)."""
    for word in fold(text).split()[:8]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def slug_of(name):
    """The readable part of a product's URL ("xoai-say-deo"); the code after it is what identifies the product."""
    return slugify(fold(name))[:60].strip("-") or "san-pham"


def public_status(status, valid_until, today):
    if status == OcopStatus.REVOKED:
        return STATUS_REVOKED
    if status == OcopStatus.EXPIRED:
        return STATUS_EXPIRED
    if valid_until and valid_until <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
        return STATUS_EXPIRING
    return STATUS_VALID


def unit_label(unit_type, name):
    kind = (unit_type or "").strip()
    if not kind or (name or "").lower().startswith(kind.lower()):
        return name or ""
    return f"{kind[:1].upper()}{kind[1:]} {name}"


def province_names(paths):
    """{unit path: province display name} in one query."""
    province_ids = {}
    for path in paths:
        ids = ids_in_path(path)
        province_ids[path] = ids[1] if len(ids) > 1 else (ids[0] if ids else None)
    wanted = {pk for pk in province_ids.values() if pk}
    names = {
        unit.pk: unit.display_name
        for unit in AdministrativeUnit.objects.filter(pk__in=wanted, level="province").only("pk", "name", "unit_type")
    }
    return {path: names.get(pk, "") for path, pk in province_ids.items()}


def revocations_of(recognition_ids):
    """{recognition id: latest issued revocation} in one query."""
    rows = (
        Revocation.objects.filter(recognition_id__in=recognition_ids, decision__status=DecisionStatus.ISSUED)
        .select_related("decision")
        .order_by("decision__date", "pk")
    )
    return {row.recognition_id: row for row in rows}


def public_photos():
    """Documents that are public photos: a product's own PNG/JPEG the office marked public (with its token)."""
    return Document.objects.filter(
        public=True, public_token__isnull=False, product__isnull=False, content_type__in=PUBLIC_IMAGE_TYPES
    )


def photo_url(code, token, content_type):
    ext = EXTENSIONS[content_type].lstrip(".")
    return reverse("catalogue:photo", kwargs={"code": code, "token": token, "ext": ext})


def _photos_of(rows):
    """{product id: [URL of each public photo]} of ``rows`` in one query (oldest photo first)."""
    codes = {row["product_id_"]: row["code"] for row in rows}
    photos = {}
    found = (
        public_photos()
        .filter(product_id__in=list(codes))
        .order_by("uploaded_at", "pk")
        .values_list("product_id", "public_token", "content_type")
    )
    for product_id, token, content_type in found:
        photos.setdefault(product_id, []).append(photo_url(codes[product_id], token, content_type))
    return photos


def _details_of(product_ids):
    """{product id: the display values of ``_DETAILS``} (one query per 2.000 products)."""
    details = {}
    for start in range(0, len(product_ids), DETAILS_BATCH):
        batch = product_ids[start : start + DETAILS_BATCH]
        for row in Product.objects.filter(pk__in=batch).order_by().values("pk", **_DETAILS):
            details[row.pop("pk")] = row
    return details


GROUND_LABELS = dict(Revocation._meta.get_field("ground").choices)


def published(rows, on=None):
    """The published dicts (``PUBLISHED_FIELDS`` only) of ``rows`` (values from ``public_products``): the row's own
    values, the producer's contact where it consented and the public photos (one query each for all rows)."""
    today = on or timezone.localdate()
    rows = list(rows)
    # The contact only of rows whose producer consented (read again with the consent itself, for those rows only).
    consented = [row["product_id_"] for row in rows if row["contact_"]]
    details = _details_of(consented) if consented else {}
    rows = [{**row, **details.get(row["product_id_"], NO_CONTACT)} for row in rows]
    photos = _photos_of(rows) if rows else {}
    result = []
    for row in rows:
        status = public_status(row["status_"], row["valid_until_"], today)
        consent = bool(row["consent"])
        ground = row["revocation_ground"]
        item = {
            "code": row["code"],
            "slug": slug_of(row["pname"]),
            "name": row["pname"],
            "group": row["group_"],
            "stars": row["stars_"],
            "status": status,
            "status_label": str(STATUS_LABELS[status]),
            "valid_until": row["valid_until_"],
            "producer": row["producer"],
            "commune": row["commune"],
            "commune_code": row["commune_code"],
            "province": row["province"],
            "decision_number": row["decision_number"],
            "decision_date": row["decision_date"],
            "decision_authority": row["decision_authority"],
            "revocation_decision_number": row["revocation_decision_number"],
            "revocation_decision_date": row["revocation_decision_date"],
            "revocation_ground": str(GROUND_LABELS.get(ground, ground)) if ground else "",
            "revoked_on": row["revoked_on_"],
            "contact_address": row["address_"] if consent else "",
            "contact_phone": row["phone_"] if consent else "",
            "contact_email": row["email_"] if consent else "",
            "contact_website": row["website_"] if consent else "",
            "photos": photos.get(row["product_id_"], []),
        }
        assert tuple(item) == PUBLISHED_FIELDS  # noqa: S101 - the published list is the contract
        result.append(item)
    return result


ORDERINGS = {
    "name": ("name", "product_id"),
    "-stars": ("-stars", "name", "product_id"),
    "valid_until": ("valid_until", "name", "product_id"),
    "commune": ("commune_name", "name", "product_id"),
}


def public_products(
    *, q="", province=None, commune=None, group=None, stars=None, status=None, ordering="name", lean=False
):
    """THE public selector: a values queryset (internal keys) of public products, read from the catalogue table
    (``CatalogueEntry``); turn rows into published dicts with ``published`` (which reads the shown rows' display
    values). Filters: province/commune/group are codes, stars 3-5, status a public status.

    ``lean``: the same rows as a plain queryset (no ordering, no values): what a count or ``commune_counts`` needs."""
    if status in (STATUS_VALID, STATUS_EXPIRING):
        queryset = public_base(ocop_status=OcopStatus.VALID)
        limit = timezone.localdate() + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        queryset = (
            queryset.filter(valid_until__lte=limit)
            if status == STATUS_EXPIRING
            else queryset.filter(Q(valid_until__gt=limit) | Q(valid_until=None))
        )
    elif status in (STATUS_EXPIRED, STATUS_REVOKED):
        queryset = public_base(ocop_status=status)
    else:
        queryset = public_base()
    if q:
        queryset = search(queryset, q)
    if province:
        unit = AdministrativeUnit.objects.filter(code=province, level="province").order_by("-valid_from").first()
        # The merged province's products include those entered under the provinces it absorbed.
        if unit is None:
            queryset = queryset.none()
        else:
            paths = Q(pk__in=[])
            for path in scope_paths(unit):
                paths |= Q(unit_path__startswith=path)
            queryset = queryset.filter(paths)
    if commune:
        units = AdministrativeUnit.objects.filter(code=commune, level=UnitLevel.COMMUNE).values("pk")
        queryset = queryset.filter(unit_id__in=units)
    if group:
        queryset = queryset.filter(group_code=group)
    if stars:
        queryset = queryset.filter(stars=stars)
    if lean:
        return queryset.order_by()
    return ordered_rows(queryset, ordering)


def ordered_rows(lean, ordering="name"):
    """The values queryset ``public_products`` returns, from its ``lean`` queryset (so a page that needs both
    builds the filters once)."""
    return lean.order_by(*ORDERINGS.get(ordering, ORDERINGS["name"])).values(*_ROW_FIELDS, **_VALUES)


def public_product(code):
    """The published dict of the product whose current certificate carries ``code``, or None."""
    row = _public_row(code)
    return published([row])[0] if row else None


def public_photo(code, token):
    """The public photo ``token`` of the public product ``code`` (a Document), or None: unknown, not marked
    public, another product's, or a product the public selector does not return."""
    row = _public_row(code)
    if row is None or not token:
        return None
    return public_photos().filter(product_id=row["product_id_"], public_token=token).first()


def _public_row(code):
    """The ``public_products`` row of the product whose current certificate carries ``code``, or None (the row
    holds the code its labels carry: its recognition's, or that of the original it corrects)."""
    return public_products().filter(code=code).first()


MAP_UNIT_FIELDS = ("id", "code", "name", "unit_type", "level", "latitude", "longitude")


def commune_counts(queryset):
    """[(commune unit, count, highest stars)] of a ``public_products(lean=True)`` queryset, for the map (one
    query: the units' few fields the map draws come with the counts)."""
    from django.db.models import Count, Max

    rows = (
        queryset.order_by()
        .values("unit_id")
        .annotate(count=Count("pk"), top=Max("stars"))
        .values_list("unit_id", "count", "top", *(f"unit__{name}" for name in MAP_UNIT_FIELDS[1:]))
    )
    return [(MapUnit(pk, *fields), count, top) for pk, count, top, *fields in rows]


class MapUnit:
    """What the map draws of a commune (``areas.maps.dot_map``): thousands at national scale, so not model
    instances (building those took longer than the query)."""

    __slots__ = MAP_UNIT_FIELDS

    def __init__(self, *values):
        for name, value in zip(MAP_UNIT_FIELDS, values, strict=True):
            setattr(self, name, value)

    @property
    def pk(self):
        return self.id

    display_name = AdministrativeUnit.display_name


# --- verification by QR ------------------------------------------------------------------------------------------


def latest_correction(recognition):
    """Follow issued corrections to the recognition now in force for this certificate."""
    for _step in range(20):
        nxt = (
            Recognition.objects.filter(corrects=recognition, decision__status=DecisionStatus.ISSUED)
            .select_related("decision", "decision__authority", "product")
            .order_by("-decision__date", "-pk")
            .first()
        )
        if nxt is None:
            return recognition
        recognition = nxt
    return recognition


def verification(code, on=None):
    """What the verification page shows for ``code``: a dict of published fields, or None (unknown code)."""
    today = on or timezone.localdate()
    public = PublicCode.objects.filter(code=code).select_related("recognition").first()
    if public is None or public.recognition.decision.status != DecisionStatus.ISSUED:
        return None
    recognition = latest_correction(public.recognition)
    product_row = public_product(code)
    if (
        product_row is not None
        and Product.objects.filter(ocop_recognition_id=recognition.pk, pk=recognition.product_id).exists()
    ):
        return product_row
    # The certificate is no longer the product's current one (or the product is no longer listed).
    recognition = Recognition.objects.select_related("decision", "decision__authority", "product").get(
        pk=recognition.pk
    )
    revocation = revocations_of([recognition.pk]).get(recognition.pk)
    if revocation is not None:
        status = STATUS_REVOKED
    elif recognition.valid_until and recognition.valid_until < today:
        status = STATUS_EXPIRED
    else:
        status = STATUS_SUPERSEDED
    return {
        "code": code,
        "slug": slug_of(recognition.product.name),
        "name": recognition.product.name,
        "stars": recognition.stars,
        "status": status,
        "status_label": str(STATUS_LABELS[status]),
        "valid_until": recognition.valid_until,
        "decision_number": recognition.decision.number_display,
        "decision_date": recognition.decision.date,
        "decision_authority": recognition.decision.authority.name,
        "revocation_decision_number": revocation.decision.number_display if revocation else "",
        "revocation_decision_date": revocation.decision.date if revocation else None,
        "revocation_ground": str(revocation.get_ground_display()) if revocation else "",
        "current": product_row,
    }


def verification_url(recognition, request=None):
    """The short public URL printed on the certificate and in its QR code (creates the code on first use)."""
    from .services import public_code_for

    return code_url(public_code_for(recognition).code, request=request)


def code_url(code, request=None):
    """The verification URL of a known code (absolute with a request or ``OCOP_PUBLIC_BASE_URL``)."""
    from django.conf import settings

    path = reverse("catalogue:verify", kwargs={"code": code})
    if request is not None:
        return request.build_absolute_uri(path)
    base = getattr(settings, "OCOP_PUBLIC_BASE_URL", "") or getattr(settings, "SITE_URL", "")
    return f"{base.rstrip('/')}{path}" if base else path


def product_url(item):
    return reverse("catalogue:product", kwargs={"slug": item["slug"], "code": item["code"]})
