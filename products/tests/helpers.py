"""Shared test data for the products tests."""

import io

from PIL import Image

from accounts.models import Role
from products.models import ClassLevel, DocumentType, ProductClass, Regime, SalesChannel

EDITOR_ROLES = [Role.LOCAL_OFFICER, Role.COORDINATION_OFFICE, Role.ADMINISTRATOR]
READ_ONLY_ROLES = [Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY, Role.LEADERSHIP]


def home_unit(role, tree):
    """A local officer sits on district d1, the administrator on the country, the others on the province."""
    if role == Role.LOCAL_OFFICER:
        return tree["d1"]
    if role == Role.ADMINISTRATOR:
        return tree["country"]
    return tree["province"]


def set_148(code):
    return ProductClass.objects.get(regime=Regime.QD148, level=ClassLevel.SET, code=code)


def class_1048(code):
    return ProductClass.objects.get(regime=Regime.QD1048, level=ClassLevel.SET, code=code)


def channel(name):
    return SalesChannel.objects.get(name=name)


def doc_type(code):
    return DocumentType.objects.get(code=code)


def product_form_data(subject, unit, **overrides):
    """A valid POST for the product form, with management forms for both formsets (no rows)."""
    data = {
        "subject": subject.pk,
        "name": "Xoài sấy dẻo Cao Lãnh",
        "product_class": set_148("I.3.c").pk,
        "unit": unit.pk,
        "craft_village": "",
        "raw_material_area": "Vùng xoài Cao Lãnh",
        "description": "Xoài cát Chu sấy dẻo, không chất bảo quản.",
        "story": "",
        "production_status": "active",
        "certifications-TOTAL_FORMS": "0",
        "certifications-INITIAL_FORMS": "0",
        "certifications-MIN_NUM_FORMS": "0",
        "certifications-MAX_NUM_FORMS": "1000",
        "channels-TOTAL_FORMS": "0",
        "channels-INITIAL_FORMS": "0",
        "channels-MIN_NUM_FORMS": "0",
        "channels-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def with_certification(data, index, **row):
    data["certifications-TOTAL_FORMS"] = str(max(int(data["certifications-TOTAL_FORMS"]), index + 1))
    for key, value in row.items():
        data[f"certifications-{index}-{key}"] = value
    return data


def with_channel(data, index, **row):
    data["channels-TOTAL_FORMS"] = str(max(int(data["channels-TOTAL_FORMS"]), index + 1))
    for key, value in row.items():
        data[f"channels-{index}-{key}"] = value
    return data


def image_bytes(fmt="PNG", size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run"
ELF_BYTES = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64
