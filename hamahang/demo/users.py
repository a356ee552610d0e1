"""Demo accounts, one per role, printed by `make run`."""

from hamahang.accounts.models import Role

DEMO_PASSWORD = "Hamahang@1405"

# (username, first name, last name, agency short name, role, title)
DEMO_USERS = [
    ("dabir", "مریم", "احمدی", "دفتر امور اقتصادی", Role.SECRETARIAT, "کارشناس دبیرخانه"),
    ("modir", "عزیزالله", "قربانی", "دفتر امور اقتصادی", Role.MANAGER, "مدیرکل"),
    ("moaven", "حسین", "رضایی", "معاونت اقتصادی", Role.MANAGER, "معاون هماهنگی امور اقتصادی"),
    ("samat", "علی", "کریمی", "صمت", Role.AGENCY_LIAISON, "رابط سازمان صمت"),
    ("maliat", "زهرا", "محمدی", "امور مالیاتی", Role.AGENCY_LIAISON, "رابط امور مالیاتی"),
    ("tamin", "رضا", "حسینی", "تأمین اجتماعی", Role.AGENCY_LIAISON, "رابط تأمین اجتماعی"),
    ("jahad", "فاطمه", "موسوی", "جهاد کشاورزی", Role.AGENCY_LIAISON, "رابط جهاد کشاورزی"),
    ("bankmelli", "محمد", "نوری", "بانک ملی", Role.BANK_LIAISON, "رابط بانک ملی"),
    ("nazer", "سارا", "جعفری", "معاونت اقتصادی", Role.VIEWER, "ناظر"),
    ("melli", "مهدی", "صادقی", "دبیرخانه ملی", Role.NATIONAL, "کارشناس دبیرخانه ملی"),
    ("samaneh", "نرگس", "طاهری", "دفتر امور اقتصادی", Role.OFFICE_ADMIN, "مدیر سامانه دفتر"),
    # County secretariats (hamahang.demo.refer gives them their county).
    (
        "dabir-kahak",
        "امیر",
        "صالحی",
        "دفتر امور اقتصادی",
        Role.SECRETARIAT,
        "دبیر کارگروه تسهیل شهرستان کهک",
    ),
    (
        "dabir-jafarabad",
        "لیلا",
        "نظری",
        "دفتر امور اقتصادی",
        Role.SECRETARIAT,
        "دبیر کارگروه تسهیل شهرستان جعفرآباد",
    ),
]

# The demo liaison whose Bale chat is linked (a fixed chat id: the fake Bale server and the
# notices on the timelines show the same one on every load).
DEMO_BALE_USER, DEMO_BALE_CHAT_ID = "samat", "1405000001"
