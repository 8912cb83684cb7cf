"""Demo products of Đồng Tháp (about 80) for the subjects created by ``subjects.demo``, with craft villages,
certifications, sales channels and a few small dossier documents. Idempotent: running it twice changes nothing.

Product names follow the province's plan (hạt sen sấy, xoài sấy dẻo, khô cá lóc, nem Lai Vung, chiếu Định Yên...).
Certificate numbers and dates are invented for demonstration. Products are written through ``products.services``
as the demo administrator, so the audit log shows them like any other record.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from accounts.models import Role, User
from areas.models import AdministrativeUnit, UnitLevel
from areas.selectors import ids_in_path, scope_paths
from ocop_portal.text import fold
from products import services
from products.models import (
    CertificationKind,
    ClassLevel,
    CraftVillage,
    Document,
    DocumentType,
    Product,
    ProductClass,
    ProductionStatus,
    Regime,
    SalesChannel,
)
from subjects.models import Subject

# name, unit code, unit level, traditional
CRAFT_VILLAGES = [
    ("Làng nghề bánh phồng Sa Đéc", "867", UnitLevel.DISTRICT, True),
    ("Làng hoa kiểng Sa Đéc", "29917", UnitLevel.COMMUNE, True),
    ("Làng nghề nem Lai Vung", "30208", UnitLevel.COMMUNE, True),
    ("Làng nghề bánh tráng Tân Thành", "30226", UnitLevel.COMMUNE, True),
    ("Làng nghề chiếu Định Yên", "30199", UnitLevel.COMMUNE, True),
    ("Làng nghề hủ tiếu Sa Đéc", "29905", UnitLevel.COMMUNE, False),
]

MADE_IN_DT = "certification_mark"
ISSUERS = {
    CertificationKind.FOOD_SAFETY: ("ATTP-NLTS", "Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản Đồng Tháp", 3),
    CertificationKind.VIETGAP: ("VG-TT", "Công ty CP Chứng nhận và Giám định VinaCert", 2),
    CertificationKind.ORGANIC: ("HC", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng 3", 3),
    CertificationKind.STANDARD_DECLARATION: ("TCB", "Chủ thể tự công bố", None),
    CertificationKind.TRADEMARK: ("NH", "Cục Sở hữu trí tuệ", 10),
    CertificationKind.GEOGRAPHICAL_INDICATION: ("CDĐL", "Cục Sở hữu trí tuệ", None),
    MADE_IN_DT: ("MIDT", "Sở Khoa học và Công nghệ Đồng Tháp (Made in Dong Thap)", 3),
}

FS, VG, SD, TM, GI = "food_safety", "vietgap", "standard_declaration", "trademark", "geographical_indication"

# (variants, 148 set code, 1048 class code for the first variant or "", district hint, certification kinds,
#  channel names, craft village, potential 5★ for the first variant, circular value chain, raw-material area)
PRODUCTS = [
    (
        ["Hạt sen sấy Tháp Mười", "Hạt sen sấy giòn vị muối", "Hạt sen sấy bơ"],
        "I.3.c",
        "",
        "872",
        [FS, SD, MADE_IN_DT, TM],
        ["Postmart", "Shopee", "Co.opmart", "Khu du lịch Đồng Sen Tháp Mười", "Nhật Bản"],
        "",
        True,
        True,
        "Vùng sen Tháp Mười, 120 ha",
    ),
    (
        ["Trà tim sen Tháp Mười", "Trà tim sen túi lọc"],
        "I.5.b",
        "",
        "872",
        [FS, SD],
        ["Postmart", "Lazada", "Bách hóa Xanh"],
        "",
        False,
        True,
        "Vùng sen Tháp Mười",
    ),
    (
        ["Bột sen nguyên chất", "Bột ngó sen"],
        "I.3.c",
        "",
        "872",
        [FS, SD],
        ["Postmart", "Tiki", "Điểm giới thiệu và bán sản phẩm OCOP"],
        "",
        False,
        False,
        "Vùng sen Tháp Mười",
    ),
    (
        ["Mít sấy Nam Huy", "Mít sấy giòn"],
        "I.3.c",
        "",
        "872",
        [FS, SD, TM],
        ["Shopee", "Lazada", "Co.opmart", "Hàn Quốc"],
        "",
        True,
        False,
        "",
    ),
    (
        ["Rượu sen Tháp Mười"],
        "II.1.b",
        "",
        "872",
        [FS, SD],
        ["Postmart", "Khu du lịch Đồng Sen Tháp Mười"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Du lịch sinh thái Đồng Sen Tháp Mười"],
        "VI.1",
        "",
        "872",
        [],
        ["Website/fanpage riêng của chủ thể"],
        "",
        False,
        True,
        "",
    ),
    (
        ["Xoài sấy dẻo Cao Lãnh", "Xoài sấy dẻo không đường", "Xoài sấy muối ớt"],
        "I.3.c",
        "",
        "873",
        [FS, SD, MADE_IN_DT, GI],
        ["Postmart", "Shopee", "Lotte Mart", "MM Mega Market", "Nhật Bản", "Hoa Kỳ"],
        "",
        True,
        False,
        "Vùng xoài Cao Lãnh, mã số vùng trồng xuất khẩu",
    ),
    (
        ["Xoài cát Chu Cao Lãnh", "Xoài cát Hòa Lộc Mỹ Xương"],
        "I.1.a",
        "1.01",
        "873",
        [VG, GI],
        ["Co.opmart", "WinMart", "Trung Quốc", "Liên minh châu Âu (EU)"],
        "",
        False,
        False,
        "Vùng xoài Mỹ Xương, 45 ha VietGAP",
    ),
    (
        ["Khô cá lóc Tam Nông", "Khô cá lóc một nắng", "Khô cá sặc rằn"],
        "I.3.d",
        "1.09",
        "871",
        [FS, SD, MADE_IN_DT],
        ["Postmart", "Voso", "Sendo", "Vườn quốc gia Tràm Chim"],
        "",
        False,
        False,
        "Cá đồng mùa nước nổi Tam Nông",
    ),
    (
        ["Mật ong hoa tràm Tràm Chim"],
        "I.2.b",
        "",
        "871",
        [FS, SD],
        ["Vườn quốc gia Tràm Chim", "Shopee"],
        "",
        False,
        True,
        "Rừng tràm Tràm Chim",
    ),
    (
        ["Tinh dầu tràm Tam Nông"],
        "III.3",
        "",
        "871",
        [SD],
        ["Vườn quốc gia Tràm Chim", "Lazada"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Kiệu muối chua ngọt Tam Nông", "Kiệu chua Tam Nông hũ 500 g"],
        "I.3.c",
        "",
        "871",
        [FS, SD, VG],
        ["Bách hóa Xanh", "Postmart"],
        "",
        False,
        False,
        "Vùng kiệu VietGAP Tam Nông",
    ),
    (
        ["Gạo huyết rồng", "Bột gạo lứt huyết rồng", "Gạo lứt huyết rồng hữu cơ"],
        "I.2.a",
        "1.03",
        "869",
        [FS, SD, MADE_IN_DT, VG],
        ["Postmart", "Co.opmart", "Siêu thị Tứ Sơn"],
        "",
        False,
        True,
        "Cánh đồng lúa huyết rồng Tân Hồng",
    ),
    (
        ["Trà khổ qua rừng Tân Hồng"],
        "I.5.b",
        "",
        "869",
        [FS, SD],
        ["Postmart", "Tiki"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Bánh phồng tôm Sa Giang", "Bánh phồng tôm hảo hạng", "Bánh phồng cá thác lác"],
        "I.3.d",
        "1.09",
        "867",
        [FS, SD, TM],
        ["Co.opmart", "AEON", "GO! (Big C)", "Shopee", "Úc"],
        "Làng nghề bánh phồng Sa Đéc",
        False,
        False,
        "",
    ),
    (
        ["Bánh phồng chay hạt sen cao cấp"],
        "I.3.b",
        "",
        "867",
        [FS, SD, TM],
        ["Co.opmart", "Lotte Mart", "Postmart"],
        "Làng nghề bánh phồng Sa Đéc",
        True,
        False,
        "",
    ),
    (
        ["Hủ tiếu khô Sa Đéc", "Hủ tiếu gạo lứt Sa Đéc", "Bột gạo Sa Đéc"],
        "I.3.b",
        "1.06",
        "867",
        [FS, SD, MADE_IN_DT],
        ["Bách hóa Xanh", "WinMart+", "Postmart", "Các nước ASEAN"],
        "Làng nghề hủ tiếu Sa Đéc",
        False,
        False,
        "",
    ),
    (
        ["Hoa cúc mâm xôi Sa Đéc", "Hoa hồng Sa Đéc"],
        "V.1",
        "",
        "867",
        [VG],
        ["Làng hoa Sa Đéc", "Website/fanpage riêng của chủ thể"],
        "Làng hoa kiểng Sa Đéc",
        False,
        False,
        "Làng hoa Tân Quy Đông",
    ),
    (
        ["Cây kiểng bonsai Sa Đéc", "Kiểng lá trang trí Sa Đéc"],
        "V.2",
        "",
        "867",
        [],
        ["Làng hoa Sa Đéc", "Shopee"],
        "Làng hoa kiểng Sa Đéc",
        False,
        False,
        "",
    ),
    (
        ["Nem Lai Vung", "Nem chua Lai Vung lá vông", "Nem bì Lai Vung"],
        "I.3.d",
        "1.08",
        "876",
        [FS, SD, TM],
        ["Co.opmart", "Bách hóa Xanh", "Postmart", "Trung tâm giới thiệu đặc sản và quảng bá du lịch Đồng Tháp"],
        "Làng nghề nem Lai Vung",
        False,
        False,
        "",
    ),
    (
        ["Quýt hồng Lai Vung", "Quýt hồng Lai Vung VietGAP"],
        "I.1.a",
        "1.01",
        "876",
        [VG, TM],
        ["Co.opmart", "Lotte Mart", "WinMart", "Trung Quốc"],
        "",
        False,
        True,
        "Vùng quýt hồng Long Hậu, Tân Phước",
    ),
    (
        ["Bánh tráng sữa Tân Thành", "Bánh tráng mè Tân Thành"],
        "I.3.b",
        "",
        "876",
        [FS, SD],
        ["Postmart", "Điểm giới thiệu và bán sản phẩm OCOP"],
        "Làng nghề bánh tráng Tân Thành",
        False,
        False,
        "",
    ),
    (
        ["Chiếu Định Yên", "Chiếu cói in hoa Định Yên", "Túi xách đan lác Định Yên"],
        "IV.1",
        "5.02",
        "875",
        [TM],
        ["Khu di tích Nguyễn Sinh Sắc", "Shopee", "Hàn Quốc"],
        "Làng nghề chiếu Định Yên",
        False,
        True,
        "Vùng lác Lấp Vò",
    ),
    (
        ["Cá thát lát rút xương", "Chả cá thát lát"],
        "I.1.b",
        "",
        "875",
        [FS, SD],
        ["Bách hóa Xanh", "Co.op Food"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Mứt chuối Thanh Bình", "Chuối sấy dẻo Thanh Bình"],
        "I.3.c",
        "",
        "874",
        [FS, SD],
        ["Postmart", "Sendo"],
        "",
        False,
        True,
        "Vùng chuối xiêm Thanh Bình",
    ),
    (
        ["Cá linh kho mía", "Mắm cá linh Hồng Ngự"],
        "I.3.d",
        "",
        "870",
        [FS, SD],
        ["Postmart", "Voso"],
        "",
        False,
        False,
        "Cá linh mùa nước nổi",
    ),
    (
        ["Nước mắm cá linh Hồng Ngự"],
        "I.4.a",
        "",
        "868",
        [FS, SD],
        ["Bách hóa Xanh", "Postmart"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Lạp xưởng Cái Tàu Hạ", "Lạp xưởng tôm Cái Tàu Hạ"],
        "I.3.d",
        "",
        "877",
        [FS, SD, TM],
        ["Co.opmart", "Shopee"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Khoai lang tím Nhật sấy", "Bánh khoai lang tím"],
        "I.3.c",
        "",
        "877",
        [FS, SD],
        ["Postmart", "Lazada"],
        "",
        False,
        True,
        "Vùng khoai lang Châu Thành",
    ),
    (
        ["Trà mãng cầu Cao Lãnh", "Nước ép mãng cầu xiêm"],
        "II.2.b",
        "",
        "866",
        [FS, SD],
        ["Postmart", "WinMart+"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Hủ tiếu Mỹ Tho", "Bánh phồng mì Mỹ Tho"],
        "I.3.b",
        "",
        "815",
        [FS, SD],
        ["Co.opmart", "Shopee"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Vú sữa Lò Rèn Vĩnh Kim"],
        "I.1.a",
        "",
        "817",
        [VG, GI],
        ["Co.opmart", "Hoa Kỳ"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Gương sen tươi Tháp Mười", "Ngó sen tươi"],
        "I.1.a",
        "",
        "872",
        [VG],
        ["Bách hóa Xanh", "Co.op Food"],
        "",
        False,
        True,
        "Vùng sen Tháp Mười",
    ),
    (
        ["Sữa hạt sen", "Trà sữa hạt sen đóng chai"],
        "II.2.b",
        "",
        "872",
        [FS, SD],
        ["Postmart", "WinMart+"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Mắm cá lóc Tháp Mười"],
        "I.3.d",
        "",
        "872",
        [FS, SD],
        ["Postmart", "Voso"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Cá tra fillet Cao Lãnh", "Chả cá tra"],
        "I.1.b",
        "",
        "866",
        [FS, SD, VG],
        ["MM Mega Market", "Liên minh châu Âu (EU)"],
        "",
        False,
        True,
        "Vùng nuôi cá tra ven sông Tiền",
    ),
    (
        ["Trứng vịt muối Cao Lãnh"],
        "I.3.d",
        "",
        "866",
        [FS, SD],
        ["Bách hóa Xanh"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Nấm rơm sấy Thanh Bình", "Nấm bào ngư tươi"],
        "I.3.c",
        "",
        "874",
        [FS, SD],
        ["Postmart", "Co.op Food"],
        "",
        False,
        True,
        "Rơm rạ sau thu hoạch lúa",
    ),
    (
        ["Ớt sốt Lấp Vò", "Tương ớt xoài"],
        "I.4.a",
        "",
        "875",
        [FS, SD],
        ["Bách hóa Xanh", "Shopee"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Áo bà ba thêu tay Sa Đéc"],
        "IV.2",
        "",
        "867",
        [TM],
        ["Làng hoa Sa Đéc", "Website/fanpage riêng của chủ thể"],
        "",
        False,
        False,
        "",
    ),
    (
        ["Bánh pía sầu riêng Lai Vung", "Bánh pía đậu xanh trứng muối"],
        "I.3.b",
        "",
        "876",
        [FS, SD],
        ["Co.opmart", "Postmart"],
        "",
        False,
        False,
        "",
    ),
]

DEMO_DOCUMENT_TYPES = ["registration_form", "packaging_label_photos", "test_report"]


def tiny_pdf(text):
    """A small valid one-page PDF (Helvetica, ASCII text) for demonstration documents."""
    line = fold(text).replace("\\", "").replace("(", "").replace(")", "")
    content = f"BT /F1 14 Tf 60 780 Td (OCOP Dong Thap - tai lieu mau) Tj 0 -24 Td ({line}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def tiny_png(text, color=(29, 107, 58)):
    image = Image.new("RGB", (320, 200), color)
    ImageDraw.Draw(image).text((12, 90), fold(text)[:40], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _unit(code, level):
    """The unit of the old structure with this official code (the 2025 communes reuse some old codes), else any."""
    units = AdministrativeUnit.objects.filter(code=code, level=level)
    return units.filter(valid_to__isnull=False).order_by("-valid_to").first() or units.first()


def load_craft_villages():
    villages = {}
    for name, code, level, traditional in CRAFT_VILLAGES:
        unit = _unit(code, level)
        if unit is None:
            continue
        villages[name], _created = CraftVillage.objects.get_or_create(
            name=name, unit=unit, defaults={"traditional": traditional}
        )
    return villages


def _district_codes(subjects):
    """{subject id: set of old district codes its unit lies in (directly or through the units it replaced)}."""
    districts = dict(AdministrativeUnit.objects.filter(level=UnitLevel.DISTRICT).values_list("pk", "code"))
    result = {}
    for subject in subjects:
        ids = {i for path in scope_paths(subject.unit) for i in ids_in_path(path)}
        result[subject.pk] = {districts[pk] for pk in ids if pk in districts}
    return result


def _certifications(kinds, index, today):
    rows = []
    for position, kind in enumerate(kinds):
        prefix, issuer, years = ISSUERS[kind]
        issued = today - datetime.timedelta(days=200 + 97 * ((index + position) % 11))
        expires = None
        if years:
            expires = issued.replace(year=issued.year + years)
            if (index + position) % 13 == 0:  # a few lapsed certificates, as in real registers
                expires = today - datetime.timedelta(days=30)
        rows.append(
            {
                "kind": kind,
                "number": f"{index + 1:03d}{position}/{issued.year}/{prefix}",
                "issuer": issuer,
                "issued_on": issued,
                "expires_on": expires,
            }
        )
    return rows


def load():
    subjects = list(Subject.objects.select_related("unit").order_by("pk"))
    active = [s for s in subjects if getattr(s, "status", "active") == "active"]
    subjects = active or subjects
    actor = User.objects.filter(role=Role.ADMINISTRATOR, is_active=True).select_related("unit").first()
    villages = load_craft_villages()
    if not subjects or actor is None:
        return []
    classes = {
        (pc.regime, pc.code): pc
        for pc in ProductClass.objects.filter(level=ClassLevel.SET, regime__in=[Regime.QD148, Regime.QD1048])
    }
    channels = {channel.name: channel for channel in SalesChannel.objects.all()}
    by_district = _district_codes(subjects)
    today = datetime.date.today()
    created, counter, fallback = [], 0, 0
    for variants, set_code, legacy_code, district, kinds, channel_names, village, five_star, circular, raw in PRODUCTS:
        candidates = [s for s in subjects if district in by_district[s.pk]]
        for position, name in enumerate(variants):
            if candidates:
                subject = candidates[position % len(candidates)]
            else:
                subject = subjects[fallback % len(subjects)]
                fallback += 1
            counter += 1
            if Product.objects.filter(subject=subject, name=name).exists():
                continue
            product_class = classes[(Regime.QD1048, legacy_code)] if legacy_code and position == 0 else None
            data = {
                "subject": subject,
                "name": name,
                "product_class": product_class or classes[(Regime.QD148, set_code)],
                "unit": subject.unit,
                "description": f"{name}: sản phẩm đặc trưng của {subject.unit.name}, sản xuất theo quy trình khép kín.",
                "story": "",
                "raw_material_area": raw,
                "craft_village": villages.get(village),
                "circular_value_chain": circular and position == 0,
                "potential_five_star": five_star and position == 0,
                "production_status": ProductionStatus.STOPPED if counter % 23 == 0 else ProductionStatus.ACTIVE,
            }
            links = [{"channel": channels[n], "detail": ""} for n in channel_names[: 2 + counter % 4] if n in channels]
            created.append(
                services.product_create(
                    actor=actor,
                    data=data,
                    # entered while its commune was in force (the old structure's records predate 01/07/2025)
                    on=min(today, subject.unit.valid_to or today),
                    certifications=_certifications(kinds, counter, today),
                    channels=links,
                )
            )
    load_documents(actor, subjects)
    return created


def _upload(actor, subject, doc_type, *, product=None, title, image=False):
    if Document.objects.filter(subject=subject, product=product, document_type=doc_type).exists():
        return None
    if image:
        payload, filename, mime = tiny_png(title), f"{title}.png", "image/png"
    else:
        payload, filename, mime = tiny_pdf(title), f"{title}.pdf", "application/pdf"
    return services.document_upload(
        actor=actor,
        subject=subject,
        product=product,
        document_type=doc_type,
        uploaded_file=SimpleUploadedFile(filename, payload, content_type=mime),
        title=title,
    )


def load_documents(actor, subjects):
    """Business registration for the first subjects, and a few product documents for their first products."""
    types = {t.code: t for t in DocumentType.objects.filter(code__in=["business_registration", *DEMO_DOCUMENT_TYPES])}
    if len(types) < 1 + len(DEMO_DOCUMENT_TYPES):
        return
    for subject in subjects[:8]:
        _upload(actor, subject, types["business_registration"], title=f"Giấy chứng nhận đăng ký - {subject.name}")
        product = Product.objects.filter(subject=subject).order_by("pk").first()
        if product is None:
            continue
        _upload(actor, subject, types["registration_form"], product=product, title=f"Phiếu đăng ký - {product.name}")
        _upload(
            actor,
            subject,
            types["packaging_label_photos"],
            product=product,
            title=f"Ảnh bao bì - {product.name}",
            image=True,
        )
        if subject.pk % 2:
            _upload(actor, subject, types["test_report"], product=product, title=f"Phiếu kiểm nghiệm - {product.name}")
