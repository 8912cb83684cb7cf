"""Reads on products and dossier documents. Every queryset starts from ``Model.objects.restrict(user, action)``
(or is restricted by the scoped base views), so another area's rows never leak."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from .models import (
    ClassLevel,
    CraftVillage,
    Document,
    DocumentScope,
    DocumentType,
    Product,
    ProductChannel,
    ProductClass,
    Regime,
)

LIST_RELATIONS = (
    "subject",
    "unit",
    "product_class",
    "product_class__set_148",
    "product_class__category_148",
)


def product_list_queryset():
    """Unrestricted base of the product list (the scoped views and viewsets add ``restrict``). The OCOP status is
    read from the stored columns (``ocop_status``, ``ocop_stars``, ``ocop_valid_until``...), which the decisions
    services keep up to date."""
    return Product.objects.select_related(*LIST_RELATIONS)


def product_api_queryset():
    return product_list_queryset().prefetch_related(
        "certifications",
        Prefetch("channel_links", queryset=ProductChannel.objects.select_related("channel").order_by("pk")),
    )


def product_detail_queryset():
    """The product page's row: what the page shows, and the subject's unit (the upload permission checks it)."""
    return product_list_queryset().select_related(
        "subject__unit", "craft_village", "created_by", "product_class__parent"
    )


def products_for(user, action="view"):
    return product_list_queryset().restrict(user, action)


def documents_for(user, action="view"):
    return Document.objects.restrict(user, action).select_related("document_type", "subject", "product", "uploaded_by")


def product_documents(user, product):
    """Documents shown on a product page: the product's own plus its subject's reusable (subject-level) ones."""
    return (
        documents_for(user)
        .filter(subject_id=product.subject_id)
        .filter(Q(product_id=product.pk) | Q(product__isnull=True))
        .order_by("document_type__order", "-uploaded_at", "pk")
    )


def subject_documents(user, subject):
    return (
        documents_for(user)
        .filter(subject_id=subject.pk, product__isnull=True)
        .order_by("document_type__order", "-uploaded_at", "pk")
    )


def categories_148():
    return ProductClass.objects.filter(regime=Regime.QD148, level=ClassLevel.CATEGORY).order_by("code")


def sets_148():
    return ProductClass.objects.filter(regime=Regime.QD148, level=ClassLevel.SET).order_by("set_number")


def classifiable_sets():
    """Classes a product can be recorded under: the 26 sets of 148 first, then the 1048-era leaves."""
    return (
        ProductClass.objects.filter(level=ClassLevel.SET)
        .select_related("category_148", "set_148", "parent")
        .order_by("-regime", "set_number", "code")
    )


def craft_villages_for(user):
    return CraftVillage.objects.restrict(user, "view").select_related("unit").order_by("name")


def document_types_for_product(product):
    """The checklist for a product: types required for its 148 category first, then the optional ones."""
    category_id = product.product_class.category_148_id
    required = set()
    if category_id:
        required = set(
            DocumentType.required_for.through.objects.filter(productclass_id=category_id).values_list(
                "documenttype_id", flat=True
            )
        )
    types = list(DocumentType.objects.order_by("order", "code"))
    return sorted(types, key=lambda t: (t.pk not in required, t.order, t.code)), required


def document_types_for_subject():
    return DocumentType.objects.filter(scope=DocumentScope.SUBJECT).order_by("order", "code")


@dataclass
class Completeness:
    """How much of the dossier checklist of a product is present (product documents + subject documents)."""

    required: list = field(default_factory=list)
    present_type_ids: set = field(default_factory=set)
    category_known: bool = True

    @property
    def total(self):
        return len(self.required)

    @property
    def done(self):
        return sum(1 for doc_type in self.required if doc_type.pk in self.present_type_ids)

    @property
    def missing(self):
        return [doc_type for doc_type in self.required if doc_type.pk not in self.present_type_ids]

    @property
    def complete(self):
        return self.category_known and self.done == self.total

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


def completeness_map(products):
    """{product id: Completeness} for many products in two queries, whatever their number.

    Counts every document of the product and every subject-level document of its subject, whoever may download
    them: completeness is a property of the dossier, not of the viewer.
    """
    products = list(products)
    if not products:
        return {}
    category_ids = {p.product_class.category_148_id for p in products if p.product_class.category_148_id}
    required = {}
    links = DocumentType.required_for.through.objects.filter(productclass_id__in=category_ids).select_related(
        "documenttype"
    )
    for link in links:
        required.setdefault(link.productclass_id, []).append(link.documenttype)
    for types in required.values():
        types.sort(key=lambda t: (t.order, t.code))

    present = {}
    rows = (
        Document.objects.filter(subject_id__in={p.subject_id for p in products})
        .filter(Q(product_id__in=[p.pk for p in products]) | Q(product__isnull=True))
        .order_by()
        .values_list("subject_id", "product_id", "document_type_id")
        .distinct()
    )
    for subject_id, product_id, type_id in rows:
        present.setdefault((subject_id, product_id), set()).add(type_id)

    result = {}
    for product in products:
        category_id = product.product_class.category_148_id
        result[product.pk] = Completeness(
            required=required.get(category_id, []),
            present_type_ids=present.get((product.subject_id, None), set())
            | present.get((product.subject_id, product.pk), set()),
            category_known=category_id is not None,
        )
    return result


def completeness(product):
    return completeness_map([product])[product.pk]
