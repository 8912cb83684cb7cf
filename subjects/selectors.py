"""Reads for chủ thể OCOP. Every queryset starts from ``restrict(user, action)``."""

from django.db import router
from django.db.models import ProtectedError, Q, RestrictedError, Value
from django.db.models.deletion import Collector
from django.db.models.functions import Replace
from django.utils.translation import gettext as _

from ocop_portal.queries import count_of
from ocop_portal.text import fold
from products.models import Document, Product

from .models import Subject
from .services import describe_subject, group_references, normalize_code


def with_list_data(queryset):
    """What a list row shows: the unit and its parent, and the number of products (one query whatever the rows;
    the count is computed for the rows of the page only, ``ocop_portal.queries.count_of``)."""
    return queryset.select_related("unit__parent").annotate(product_count=count_of(Product.objects.all(), "subject"))


def subject_list(*, user, action="view"):
    return with_list_data(Subject.objects.restrict(user, action))


def subject_products(*, user, subject):
    """The subject's products the user may see."""
    return (
        Product.objects.restrict(user, "view")
        .filter(subject=subject)
        .select_related("product_class", "unit")
        .order_by("name", "pk")
    )


def subject_documents(*, user, subject):
    """The subject's dossier documents the user may see (shared ones and per-product ones)."""
    return (
        Document.objects.restrict(user, "view")
        .filter(subject=subject)
        .select_related("document_type", "product")
        .order_by("product__name", "document_type__order", "-uploaded_at")
    )


def delete_blockers(subject):
    """What would stop ``subject`` from being deleted, grouped like the refusal message; nothing is deleted."""
    collector = Collector(using=router.db_for_write(Subject, instance=subject))
    try:
        collector.collect([subject])
    except ProtectedError as exc:
        return group_references(exc.protected_objects)
    except RestrictedError as exc:
        return group_references(exc.restricted_objects)
    return []


def similar_subjects(*, user, subject):
    """Non-blocking warnings: other subjects that may be the same producer entered twice.

    Looks for the same tax code, a registration number or tax code that matches the other's (ignoring "-"),
    and the same name without diacritics in the same unit. Another area's subject is mentioned without its name.
    """
    others = Subject.objects.exclude(pk=subject.pk).select_related("unit")
    warnings = []
    seen = set()

    def warn(message, other):
        if other.pk not in seen:
            seen.add(other.pk)
            warnings.append(message % {"subject": describe_subject(other, user)})

    codes = {normalize_code(subject.registration_number), normalize_code(subject.tax_code)} - {""}
    plain_codes = {code.replace("-", "") for code in codes}
    if codes:
        matches = others.annotate(
            reg_plain=Replace("registration_number", Value("-"), Value("")),
            tax_plain=Replace("tax_code", Value("-"), Value("")),
        ).filter(Q(reg_plain__in=plain_codes) | Q(tax_plain__in=plain_codes))
        for other in matches[:10]:
            if subject.tax_code and normalize_code(other.tax_code) == normalize_code(subject.tax_code):
                warn(_("Mã số thuế trùng với %(subject)s."), other)
            else:
                warn(_("Số đăng ký kinh doanh hoặc mã số thuế gần trùng với %(subject)s."), other)
    folded = fold(subject.name)
    if folded and subject.unit_id:
        candidates = others.filter(unit_id=subject.unit_id, search_text__startswith=folded)
        for other in candidates[:20]:
            if fold(other.name) == folded:
                warn(_("Cùng đơn vị hành chính đã có %(subject)s với tên giống hệt (không kể dấu)."), other)
    return warnings
