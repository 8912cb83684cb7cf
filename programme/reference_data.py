"""Funding sources (nguồn vốn) of the OCOP programme, as data. Loaded by a data migration and by the demo; the
office may add more in the admin. "Vốn địa phương" is a group: a line may use the group itself when the plan does
not split the local budget (as the 2023 Đồng Tháp plan), or one of its two sub-sources."""

# code, name, short name, parent code, order
FUNDING_SOURCES = [
    ("ntp_nrd", "Vốn Chương trình MTQG xây dựng nông thôn mới", "MTQG XD NTM", None, 10),
    ("integrated", "Vốn lồng ghép từ các chương trình khác", "Lồng ghép", None, 20),
    ("local", "Vốn địa phương", "Địa phương", None, 30),
    ("local_province", "Vốn địa phương – ngân sách tỉnh", "Ngân sách tỉnh", "local", 31),
    ("local_district", "Vốn địa phương – ngân sách huyện, xã", "Ngân sách huyện, xã", "local", 32),
    ("socialised", "Vốn xã hội hoá (doanh nghiệp, người dân đóng góp)", "Xã hội hoá", None, 40),
]


def ensure_funding_sources(model):
    """Create the missing sources (never overwrites what the office changed). ``model`` may be a historical model."""
    by_code = {}
    for code, name, short_name, parent_code, order in FUNDING_SOURCES:
        source, _created = model.objects.get_or_create(
            code=code,
            defaults={"name": name, "short_name": short_name, "parent": by_code.get(parent_code), "order": order},
        )
        by_code[code] = source
    return by_code
