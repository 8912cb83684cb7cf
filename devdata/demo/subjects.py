"""Demo chủ thể OCOP across the old Đồng Tháp districts (idempotent: matched by registration number).

Names, people and numbers are invented for demonstration; the mix follows the province's reports (many household
businesses and cooperatives, about 40% led by women, a few ceased).
"""

from areas.models import AdministrativeUnit, UnitLevel
from ocop_portal.text import fold
from subjects.models import Gender, LegalForm, Subject, SubjectStatus

F, M = Gender.FEMALE, Gender.MALE
HTX, THT = LegalForm.COOPERATIVE, LegalForm.COOPERATIVE_GROUP
TNHH1, TNHH2 = LegalForm.LLC_SINGLE, LegalForm.LLC_MULTI
CP, DNTN, HO = LegalForm.JOINT_STOCK, LegalForm.PRIVATE_ENTERPRISE, LegalForm.HOUSEHOLD

# registration number, name, legal form, (district code, commune code), address, representative, gender,
# ethnic minority, SME, workforce (total, local, qualified), ceased
DEMO_SUBJECTS = [
    ("1401234501", "HTX Nông nghiệp Tân Bình", HTX, ("874", "30133"), "Ấp Tân Thới", "Nguyễn Văn Tâm", M, False, False, (45, 40, 6), False),
    ("1401234502", "Hợp tác xã Sen Hồng Tháp Mười", HTX, ("872", "30037"), "Khóm 3", "Lê Thị Thu Hồng", F, False, False, (32, 30, 5), False),
    ("1401234503", "HTX Xoài Mỹ Xương", HTX, ("873", "30076"), "Ấp Mỹ Thới", "Trần Văn Sang", M, False, False, (60, 55, 8), False),
    ("1401234504", "HTX Quýt hồng Lai Vung", HTX, ("876", "30226"), "Ấp Tân Hòa", "Phạm Văn Hải", M, False, False, (28, 26, 3), False),
    ("1401234505", "HTX Dịch vụ nông nghiệp Tân Công Chí", HTX, ("869", "29947"), "Ấp Gò Da", "Nguyễn Thị Kim Loan", F, False, False, (24, 24, 2), False),
    ("1401234506", "HTX Nông nghiệp Gáo Giồng", HTX, ("873", "30079"), "Ấp 3", "Võ Văn Lợi", M, False, False, (19, 18, 1), False),
    ("1401234507", "HTX Thủy sản Thường Phước", HTX, ("870", "29956"), "Ấp 1", "Nguyễn Văn Bé Ba", M, False, False, (36, 33, 4), False),
    ("1401234508", "HTX Gạo huyết rồng Tràm Chim", HTX, ("871", "30001"), "Khóm 2", "Đặng Thị Ngọc Hân", F, False, False, (41, 39, 7), False),
    ("1401234509", "HTX Hoa kiểng Tân Quy Đông", HTX, ("867", "29917"), "Ấp Tân Hòa", "Trần Văn Út", M, False, False, (52, 50, 6), False),
    ("1401234510", "HTX Nông nghiệp Mỹ An Hưng A", HTX, ("875", "30172"), "Ấp An Bình", "Huỳnh Văn Phúc", M, False, False, (12, 12, 0), True),
    ("51T8000111", "Tổ hợp tác nuôi ong Tràm Chim", THT, ("871", "30004"), "Ấp 4", "Lê Văn Mười", M, False, False, (9, 9, 0), False),
    ("51T8000112", "Tổ hợp tác đan lục bình Bình Phú", THT, ("869", "29935"), "Ấp Bình Hòa", "Nguyễn Thị Út", F, False, False, (35, 35, 2), False),
    ("51T8000113", "Tổ hợp tác làm nem Hòa Long", THT, ("876", "30223"), "Ấp Long Hội", "Võ Thị Hạnh", F, False, False, (14, 14, 1), False),
    ("1401567801", "Công ty TNHH MTV Nông sản Phú Thạnh", TNHH1, ("866", "29884"), "Ấp 2, quốc lộ 30", "Nguyễn Thị Phương Thảo", F, False, True, (48, 40, 12), False),
    ("1401567802", "Công ty TNHH MTV Khô Hồng Ngự", TNHH1, ("868", "29955"), "Số 15 đường Chu Văn An", "Trương Văn Kiệt", M, False, True, (22, 20, 4), False),
    ("1401567803", "Công ty TNHH MTV Hạt sen Đồng Tháp", TNHH1, ("872", "30040"), "Ấp Bắc Sơn", "Lê Thị Mỹ Dung", F, False, True, (30, 27, 6), False),
    ("1401567804", "Công ty TNHH MTV Nem Lai Vung Út Trinh", TNHH1, ("876", "30208"), "Số 120 quốc lộ 80, khóm 1", "Nguyễn Thị Tuyết Trinh", F, False, True, (26, 24, 3), False),
    ("1401567805", "Công ty TNHH MTV Thủy sản Tam Nông", TNHH1, ("871", "30001"), "Khóm 4", "Phan Văn Dũng", M, False, True, (15, 10, 3), True),
    ("1401678901", "Công ty TNHH Nam Huy Đồng Tháp", TNHH2, ("876", "30226"), "Ấp Tân Lợi", "Trần Nam Huy", M, False, True, (64, 58, 15), False),
    ("1401678902", "Công ty TNHH Thực phẩm Hưng Phát Sa Đéc", TNHH2, ("867", "29905"), "Số 8 đường Hùng Vương", "Lâm Quốc Hưng", M, True, True, (85, 70, 20), False),
    ("1401678903", "Công ty TNHH Chế biến nông sản Cao Lãnh", TNHH2, ("866", "29869"), "Số 42 đường Lý Thường Kiệt", "Đỗ Thị Ngọc Trâm", F, False, True, (40, 35, 9), False),
    ("1401678904", "Công ty TNHH Thương mại Dịch vụ Châu Thành Food", TNHH2, ("877", "30244"), "Khóm Phú Mỹ Hiệp", "Nguyễn Hoàng Phong", M, False, True, (33, 30, 7), False),
    ("1400100201", "Công ty Cổ phần Xuất nhập khẩu Sa Giang", CP, ("867", "29911"), "Lô C, khu công nghiệp Sa Đéc", "Phạm Văn Hùng", M, False, False, (420, 380, 95), False),
    ("1400100202", "Công ty Cổ phần Lương thực Đồng Tháp", CP, ("866", "29875"), "Số 531 quốc lộ 30", "Lê Thanh Tùng", M, False, False, (260, 230, 70), False),
    ("1400100203", "Công ty Cổ phần Dược liệu Tháp Mười", CP, ("872", "30037"), "Khóm 1", "Nguyễn Thị Hoa", F, False, True, (55, 50, 14), False),
    ("1401789001", "Doanh nghiệp tư nhân Hủ tiếu Sa Đéc Bảy Bông", DNTN, ("867", "29917"), "Ấp Tân Mỹ", "Trần Văn Bảy", M, False, True, (18, 18, 2), False),
    ("1401789002", "Doanh nghiệp tư nhân Mai Anh", DNTN, ("874", "30130"), "Khóm Tân Đông", "Trần Thị Mai Anh", F, False, True, (12, 11, 2), False),
    ("1401789003", "Doanh nghiệp tư nhân Chế biến thủy sản An Bình", DNTN, ("868", "29989"), "Khóm An Lộc", "Lý Văn Sơn", M, False, True, (20, 15, 3), True),
    ("51H8012301", "Cơ sở sản xuất bánh phồng tôm Sa Giang", HO, ("867", "29905"), "Số 27 đường Trần Hưng Đạo", "Huỳnh Thị Kim Phượng", F, False, False, (16, 16, 1), False),
    ("51H8012302", "Hộ kinh doanh Nguyễn Thị Mai", HO, ("876", "30223"), "Ấp Long Thành", "Nguyễn Thị Mai", F, False, False, (6, 6, 0), False),
    ("51H8012303", "Cơ sở bánh phồng Ba Hiệp", HO, ("877", "30247"), "Ấp An Hòa", "Nguyễn Văn Hiệp", M, False, False, (8, 8, 0), False),
    ("51H8012304", "Hộ kinh doanh Lê Văn Tư", HO, ("870", "29971"), "Ấp Thượng 2", "Lê Văn Tư", M, False, False, (5, 5, 0), False),
    ("51H8012305", "Cơ sở mật ong Hai Đức", HO, ("871", "30004"), "Ấp 2", "Nguyễn Văn Đức", M, False, False, (4, 4, 0), False),
    ("51H8012306", "Cơ sở sản xuất chả cá thác lác Lấp Vò", HO, ("875", "30169"), "Khóm Bình Thạnh 1", "Phạm Thị Ngọc Bích", F, False, False, (11, 10, 1), False),
    ("51H8012307", "Hộ kinh doanh Thạch Thị Sa Rươl", HO, ("869", "29926"), "Khóm 1", "Thạch Thị Sa Rươl", F, True, False, (5, 5, 0), False),
    ("51H8012308", "Cơ sở trà sen Gáo Giồng", HO, ("873", "30079"), "Ấp 4", "Võ Văn Nhân", M, False, False, (7, 7, 1), False),
    ("51H8012309", "Cơ sở sản xuất nước mắm Cái Tàu Hạ", HO, ("877", "30244"), "Khóm Phú Hòa", "Nguyễn Thị Thu", F, False, False, (9, 8, 0), False),
    ("51H8012310", "Hộ kinh doanh Đặng Văn Thắng", HO, ("874", "30133"), "Ấp Tân Phú", "Đặng Văn Thắng", M, False, False, (3, 3, 0), False),
    ("51H8012311", "Cơ sở sản xuất kẹo dừa Mỹ Thọ", HO, ("873", "30076"), "Khóm Mỹ Tây", "Lê Thị Hồng Nhung", F, False, False, (10, 9, 1), False),
    ("51H8012312", "Cơ sở nem Năm Lai Vung", HO, ("876", "30208"), "Khóm 2", "Nguyễn Văn Năm", M, False, False, (12, 12, 0), False),
]  # fmt: skip

ENTERPRISE_FORMS = {HTX, TNHH1, TNHH2, CP, DNTN}


def _old_unit(code, level):
    return AdministrativeUnit.objects.get(code=code, level=level, valid_to__isnull=False)


def _slug(name):
    return "".join(ch for ch in fold(name) if ch.isalnum())[:24]


def load():
    subjects = []
    for index, row in enumerate(DEMO_SUBJECTS):
        number, name, form, (district, commune), address, rep, gender, minority, sme, workforce, ceased = row
        unit = _old_unit(commune, UnitLevel.COMMUNE)
        if unit.parent.code != district:
            raise ValueError(f"{name}: commune {commune} is not in district {district}")
        total, local, qualified = workforce
        subject, _created = Subject.objects.get_or_create(
            registration_number=number,
            defaults={
                "name": name,
                "legal_form": form,
                # An enterprise's or cooperative's tax code is its registration number.
                "tax_code": number if form in ENTERPRISE_FORMS else "",
                "address": address,
                "unit": unit,
                "representative_name": rep,
                "representative_gender": gender,
                "representative_ethnic_minority": minority,
                "is_sme": sme,
                "workforce_total": total,
                "workforce_local": local,
                "workforce_qualified": qualified,
                "phone": f"0277 3 {850 + index:03d} {100 + index * 7:03d}",
                "email": f"{_slug(name)}@gmail.com" if index % 3 else "",
                "website": f"https://facebook.com/{_slug(name)}" if index % 2 == 0 else "",
                "status": SubjectStatus.CEASED if ceased else SubjectStatus.ACTIVE,
            },
        )
        subjects.append(subject)
    return subjects
