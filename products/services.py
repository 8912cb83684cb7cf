"""Writes on products and dossier documents. Views, the API and the demo loader all call these functions.

Each function checks the actor's permission, applies the business rules, runs in one transaction and records the
change in the audit log. Rule violations raise ``django.core.exceptions.ValidationError`` with Vietnamese messages
(keyed by field where possible); a role or area that may not write raises ``PermissionDenied``; deleting a record
that evaluations or decisions still refer to raises ``django.db.models.ProtectedError`` for the caller to explain.
"""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from accounts.scoping import in_scope
from areas.services import ensure_in_force
from audit.models import AuditAction
from audit.services import record_change, snapshot
from ocop_portal.concurrency import check_version, claim_version
from ocop_portal.validation import loaded_relations

from . import uploads
from .models import (
    PUBLIC_IMAGE_TYPES,
    Certification,
    ClassLevel,
    Document,
    DocumentScope,
    Product,
    ProductChannel,
)
from .permissions import (
    can_change_document,
    can_change_product,
    can_create_product,
    can_delete_product,
    can_produce_in,
    can_upload_documents,
)

PRODUCT_FIELDS = [
    "subject",
    "name",
    "ocop_code",
    "product_class",
    "unit",
    "description",
    "story",
    "raw_material_area",
    "craft_village",
    "circular_value_chain",
    "potential_five_star",
    "production_status",
]
CERTIFICATION_FIELDS = ["kind", "number", "issuer", "issued_on", "expires_on"]
CHANNEL_FIELDS = ["channel", "detail"]
PUBLIC_TOKEN_BYTES = 18  # 24 URL-safe characters: a public photo's URL cannot be guessed


def _require_change_role(actor):
    if not can_create_product(actor):
        raise PermissionDenied(_("Bạn không có quyền cập nhật sổ sản phẩm."))


def _check_area(actor, product):
    errors = {}
    if product.subject_id and not in_scope(actor, product.subject, "change"):
        errors["subject"] = _("Chủ thể không thuộc địa bàn bạn quản lý.")
    if product.unit_id and not can_produce_in(actor, product.unit, product.subject if product.subject_id else None):
        errors["unit"] = _("Nơi sản xuất không thuộc địa bàn bạn quản lý.")
    if product.product_class_id and product.product_class.level != ClassLevel.SET:
        errors["product_class"] = _("Hãy chọn một bộ sản phẩm (cấp cuối của phân loại).")
    if errors:
        raise ValidationError(errors)


def product_snapshot(product, certifications=None, channels=None):
    """The product's fields plus its certifications and channels, for the audit log (read from the database
    unless the caller passes the rows it has just saved)."""
    data = snapshot(product)
    if certifications is None:
        certifications = product.certifications.order_by("pk")
    if channels is None:
        channels = product.channel_links.order_by("pk")
    data["certifications"] = [
        {field: value for field, value in snapshot(cert).items() if field != "product_id"}
        for cert in sorted(certifications, key=lambda row: row.pk)
    ]
    data["channels"] = [
        {"channel_id": link.channel_id, "detail": link.detail} for link in sorted(channels, key=lambda row: row.pk)
    ]
    return data


def _row_error(label, index, exc):
    messages = []
    if hasattr(exc, "error_dict"):
        for errors in exc.message_dict.values():
            messages.extend(errors)
    else:
        messages.extend(exc.messages)
    return _("%(label)s, dòng %(row)s: %(errors)s") % {"label": label, "row": index, "errors": " ".join(messages)}


def _save_rows(product, rows, *, model, fields, related, label, new=False):
    """Replace ``product``'s rows of ``model`` by ``rows`` (dicts; an "id" keeps and updates an existing row).
    Returns the saved rows in order (``new``: the product was just created, so it has none yet)."""
    existing = {} if new else {obj.pk: obj for obj in getattr(product, related).all()}
    keep = set()
    errors = []
    saved = []
    for index, row in enumerate(rows, start=1):
        pk = row.get("id")
        if pk:
            obj = existing.get(pk)
            if obj is None:
                errors.append(_("%(label)s, dòng %(row)s: không thuộc sản phẩm này.") % {"label": label, "row": index})
                continue
            keep.add(pk)
        else:
            obj = model(product=product)
        stored = snapshot(obj) if obj.pk else None
        for field in fields:
            if field in row:
                setattr(obj, field, row[field])
        try:
            obj.full_clean(exclude=["product", *loaded_relations(obj)], validate_unique=False)
        except ValidationError as exc:
            errors.append(_row_error(label, index, exc))
            continue
        if stored is None or snapshot(obj) != stored:  # a row sent back unchanged is not written again
            obj.save()
        saved.append(obj)
    if errors:
        raise ValidationError({related: errors})
    for pk, obj in existing.items():
        if pk not in keep:
            obj.delete()
    return saved


def _save_certifications(product, certifications, new=False):
    return _save_rows(
        product,
        certifications,
        model=Certification,
        fields=CERTIFICATION_FIELDS,
        related="certifications",
        label=_("Chứng nhận"),
        new=new,
    )


def _save_channels(product, channels, new=False):
    seen = set()
    for index, row in enumerate(channels, start=1):
        channel = row.get("channel")
        key = getattr(channel, "pk", channel)
        if key in seen:
            message = _("Kênh bán hàng, dòng %(row)s: kênh “%(name)s” bị nhập trùng.") % {
                "row": index,
                "name": channel,
            }
            raise ValidationError({"channel_links": [message]})
        seen.add(key)
    return _save_rows(
        product,
        channels,
        model=ProductChannel,
        fields=CHANNEL_FIELDS,
        related="channel_links",
        label=_("Kênh bán hàng"),
        new=new,
    )


@transaction.atomic
def product_create(*, actor, data, certifications=(), channels=(), on=None):
    """Register a product with its certifications and sales channels; nothing is saved if any row is invalid.
    ``on``: the day the record is entered as of (today; a loader of history passes its own day): the place of
    production must be a unit in force then (``areas.services.ensure_in_force``)."""
    _require_change_role(actor)
    product = Product(created_by=actor, **{field: data[field] for field in PRODUCT_FIELDS if field in data})
    _check_area(actor, product)
    if product.unit_id:
        ensure_in_force(product.unit, on=on)
    product.full_clean(exclude=loaded_relations(product))
    product.save()
    certifications = _save_certifications(product, list(certifications), new=True)
    channels = _save_channels(product, list(channels), new=True)
    after = product_snapshot(product, certifications, channels)
    record_change(actor=actor, action=AuditAction.CREATE, instance=product, after=after)
    return product


def _rows_text(rows):
    return "; ".join(str(row) for row in rows) or str(_("(không có)"))


# How a version conflict names the product's rows (snapshot keys that are not fields of Product).
CONFLICT_EXTRA_VALUES = {
    "certifications": (_lazy("Chứng nhận"), lambda product: _rows_text(product.certifications.order_by("pk"))),
    "channels": (
        _lazy("Kênh bán hàng"),
        lambda product: _rows_text(product.channel_links.select_related("channel").order_by("pk")),
    ),
}
_NOT_COMPARED = ("updated_at", "version")


def _compared(data, rows=True):
    """A snapshot without what every save changes; ``rows=False`` also leaves out the certifications and channels
    (``snapshot(product)`` of the row compares with the row's part of ``product_snapshot``)."""
    left_out = _NOT_COMPARED if rows else (*_NOT_COMPARED, "certifications", "channels")
    return {k: v for k, v in data.items() if k not in left_out}


@transaction.atomic
def product_update(*, actor, product, data, certifications=None, channels=None, reason="", expected_version=None):
    """Change a product; ``certifications``/``channels`` (when given) replace the current rows.

    ``expected_version``: the version the user read (edit form, API); raises ``VersionConflict`` when someone
    saved since (nothing is kept). ``None`` (imports): no check."""
    if not can_change_product(actor, product):
        raise PermissionDenied(_("Bạn không có quyền sửa sản phẩm này."))
    product = Product.objects.select_for_update().get(pk=product.pk)
    check_version(product, expected_version, extra_values=CONFLICT_EXTRA_VALUES)
    before = product_snapshot(product)
    for field in PRODUCT_FIELDS:
        if field in data:
            setattr(product, field, data[field])
    _check_area(actor, product)
    if product.unit_id and before.get("unit_id") != product.unit_id:
        ensure_in_force(product.unit)  # moved: only onto a unit in force (an old record keeps its unit)
    product.full_clean()
    # An unchanged form sent back writes nothing: no row rewritten (the dashboards' fingerprint and the public
    # catalogue's hooks see no change), no version taken, no audit entry.
    if _compared(snapshot(product), rows=False) != _compared(before, rows=False):
        product.save()
    if certifications is not None:
        _save_certifications(product, list(certifications))
    if channels is not None:
        _save_channels(product, list(channels))
    after = product_snapshot(product)
    if _compared(after) == _compared(before):
        check_version(product, expected_version, extra_values=CONFLICT_EXTRA_VALUES)
        return product
    # The check and the increment are one UPDATE; a stale version rolls back everything saved above.
    after["version"] = claim_version(product, expected_version, extra_values=CONFLICT_EXTRA_VALUES)
    record_change(actor=actor, action=AuditAction.UPDATE, instance=product, before=before, after=after, reason=reason)
    return product


@transaction.atomic
def product_delete(*, actor, product, reason=""):
    """Delete a product with its certifications, channels and product-level documents.

    Raises ProtectedError (nothing deleted) while an evaluation, decision or other record refers to it.
    """
    if not can_delete_product(actor, product):
        raise PermissionDenied(_("Bạn không có quyền xoá sản phẩm này."))
    for document in list(product.documents.all()):
        _delete_document(actor=actor, document=document, reason=_("Xoá cùng sản phẩm"))
    record_change(
        actor=actor, action=AuditAction.DELETE, instance=product, before=product_snapshot(product), reason=reason
    )
    product.delete()


# Dossier documents --------------------------------------------------------------------------------------------


def _remove_file_on_commit(storage, name):
    def remove():
        if name and storage.exists(name):
            storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def document_upload(
    *,
    actor,
    subject,
    document_type,
    uploaded_file,
    product=None,
    title="",
    issued_on=None,
    valid_until=None,
):
    """Store an uploaded PDF/JPEG/PNG in the subject's or product's dossier after checking its content.

    A type whose scope is the subject (business registration, food-safety certificate...) is always stored at
    subject level (product empty) so that every product of the subject and every round can reuse it.
    """
    if not can_upload_documents(actor, subject):
        raise PermissionDenied(_("Chủ thể không thuộc địa bàn bạn quản lý."))
    if product is not None and product.subject_id != subject.pk:
        raise ValidationError({"product": _("Sản phẩm không thuộc chủ thể này.")})
    if document_type.scope == DocumentScope.SUBJECT:
        product = None
    if issued_on and valid_until and valid_until < issued_on:
        raise ValidationError({"valid_until": _("Ngày hết hiệu lực không được trước ngày cấp.")})
    if uploaded_file is None:
        raise ValidationError({"file": _("Hãy chọn tệp cần tải lên.")})
    try:
        size = uploads.check_size(uploaded_file)
        content_type = uploads.detect_content_type(uploaded_file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc

    document = Document(
        subject=subject,
        product=product,
        document_type=document_type,
        title=(title or "").strip() or document_type.name,
        storage_key=uploads.new_storage_key(content_type),
        original_name=uploads.sanitize_filename(getattr(uploaded_file, "name", "")),
        content_type=content_type,
        size=size,
        sha256=uploads.sha256_of(uploaded_file),
        issued_on=issued_on,
        valid_until=valid_until,
        uploaded_by=actor,
    )
    document.file.save(document.storage_key, uploaded_file, save=False)
    try:
        document.save()
        record_change(actor=actor, action=AuditAction.CREATE, instance=document)
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


def _delete_document(*, actor, document, reason=""):
    storage, name = document.file.storage, document.file.name
    record_change(actor=actor, action=AuditAction.DELETE, instance=document, before=snapshot(document), reason=reason)
    document.delete()
    _remove_file_on_commit(storage, name)


@transaction.atomic
def document_delete(*, actor, document, reason=""):
    """Delete a document and (once the transaction commits) its file."""
    if not can_change_document(actor, document):
        raise PermissionDenied(_("Bạn không có quyền xoá hồ sơ này."))
    _delete_document(actor=actor, document=document, reason=reason)


# Public product photos -----------------------------------------------------------------------------------------


def _check_stored_image(document):
    """The stored file is still a PNG/JPEG of the recorded type, checked as an upload is (content, pixels, Pillow)."""
    try:
        with document.file.open("rb") as handle:
            content_type = uploads.detect_content_type(handle)
    except (FileNotFoundError, ValueError, OSError) as exc:
        raise ValidationError({"public": _("Không đọc được tệp ảnh của hồ sơ này.")}) from exc
    except ValidationError as exc:
        raise ValidationError({"public": exc.messages}) from exc
    if content_type != document.content_type or content_type not in PUBLIC_IMAGE_TYPES:
        raise ValidationError({"public": _("Chỉ ảnh JPEG hoặc PNG của sản phẩm mới được công khai.")})


@transaction.atomic
def document_set_public(*, actor, document, public, reason=""):
    """Mark a product photo public (công khai) on the catalogue, or withdraw it; audited like other changes.

    Only a product's own JPEG/PNG can be public (never a PDF or a subject's document); marking re-checks the
    stored image as an upload is checked and gives it a new random token (its public URL); withdrawing drops the
    token, so an old URL answers 404."""
    if not can_change_document(actor, document):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ này."))
    document = Document.objects.select_for_update().get(pk=document.pk)
    public = bool(public)
    if document.public == public:
        return document
    if public:
        if not document.can_be_public:
            raise ValidationError({"public": _("Chỉ ảnh JPEG hoặc PNG của sản phẩm mới được công khai.")})
        _check_stored_image(document)
    before = {"public": document.public}
    document.public = public
    document.public_token = secrets.token_urlsafe(PUBLIC_TOKEN_BYTES) if public else None
    document.save(update_fields=["public", "public_token"])
    record_change(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=document,
        before=before,
        after={"public": document.public},
        reason=reason,
    )
    return document
