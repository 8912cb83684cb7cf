"""Reference data kept as files in ``products/data/`` and loaded by data migrations.

The loaders take the model classes as arguments so that migrations can pass their historical models; they are
idempotent (update or create by natural key), so a corrected CSV can be loaded again by a new migration.

- ``classification.csv``: Decision 148 (6 nhóm sản phẩm I–VI > 17 nhóm > 26 bộ sản phẩm, ``set_number`` as in
  ``criteria-qd148/index.tsv``) and the 1048-era classes (6 ngành > leaves) with ``maps_to`` pointing at the 148 set
  or category they correspond to; a 1048 class without a counterpart carries a ``mapping_note`` saying why.
- ``sales_channels.csv``: the catalogue of named sales channels.
- ``document_types.csv``: the dossier checklist; ``required_for`` lists the 148 categories (I–VI) needing the type.
"""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

QD148 = "qd148"
CATEGORY = "category"
SET = "set"


def read_rows(filename):
    with open(DATA_DIR / filename, encoding="utf-8", newline="") as handle:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]


def _top(node):
    while node is not None and node.parent_id is not None:
        node = node.parent
    return node


def resolve_148(node):
    """(set, category) under which ``node`` counts in Decision 148 terms; (None, None) for an unmapped class."""
    target = node if node.regime == QD148 else node.maps_to
    if target is None:
        return None, None
    if target.level == CATEGORY:
        return None, target
    return (target if target.level == SET else None), _top(target)


def load_classification(ProductClass):  # noqa: N803 (a model class, possibly historical)
    rows = read_rows("classification.csv")
    nodes = {}
    for row in rows:  # parents come before their children in the file; 148 rows before 1048 rows
        key = (row["regime"], row["level"], row["code"])
        parent = nodes[(row["regime"], row["parent_level"], row["parent_code"])] if row["parent_code"] else None
        maps_to = nodes[(QD148, row["maps_to_level"], row["maps_to_code"])] if row["maps_to_code"] else None
        node, _created = ProductClass.objects.update_or_create(
            regime=row["regime"],
            level=row["level"],
            code=row["code"],
            defaults={
                "name": row["name"],
                "parent": parent,
                "maps_to": maps_to,
                "set_number": int(row["set_number"]) if row["set_number"] else None,
                "lead_ministry": row["lead_ministry"],
                "mapping_note": row["mapping_note"],
            },
        )
        nodes[key] = node
    for node in nodes.values():
        node.set_148, node.category_148 = resolve_148(node)
        ProductClass.objects.filter(pk=node.pk).update(set_148=node.set_148, category_148=node.category_148)
    return nodes


def load_sales_channels(SalesChannel):  # noqa: N803
    for row in read_rows("sales_channels.csv"):
        SalesChannel.objects.get_or_create(kind=row["kind"], name=row["name"])


def load_document_types(DocumentType, ProductClass):  # noqa: N803
    categories = {pc.code: pc for pc in ProductClass.objects.filter(regime=QD148, level=CATEGORY)}
    for row in read_rows("document_types.csv"):
        doc_type, _created = DocumentType.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "scope": row["scope"],
                "order": int(row["order"]),
                "description": row["description"],
            },
        )
        doc_type.required_for.set([categories[code] for code in row["required_for"].split()])
