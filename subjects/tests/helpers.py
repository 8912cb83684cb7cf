"""Shared test data for the subjects tests."""

from accounts.models import Role

EDITOR_ROLES = [Role.LOCAL_OFFICER, Role.COORDINATION_OFFICE, Role.ADMINISTRATOR]
READ_ONLY_ROLES = [Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY, Role.LEADERSHIP]


def home_unit(role, tree):
    """Where a user of ``role`` sits in the ``area_tree``: an officer on district d1, the others on the province."""
    return tree["d1"] if role == Role.LOCAL_OFFICER else tree["province"]


def form_data(unit, **overrides):
    data = {
        "name": "Hợp tác xã Sen Hồng",
        "legal_form": "cooperative",
        "registration_number": "1401999001",
        "tax_code": "1401999001",
        "address": "Ấp 1",
        "unit": unit.pk,
        "representative_name": "Lê Thị Thu Hồng",
        "representative_gender": "female",
        "workforce_total": 20,
        "workforce_local": 18,
        "workforce_qualified": 3,
        "phone": "0277 3 851 234",
        "email": "htx.senhong@gmail.com",
        "website": "https://facebook.com/htxsenhong",
        "status": "active",
    }
    data.update(overrides)
    return data
