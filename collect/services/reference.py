"""Reference data: the 18 provinces of Lao PDR (ISO 3166-2:LA) in Lao and English."""
from __future__ import annotations

from ..store import events
from ..store.models import Province

PROVINCES: tuple[tuple[str, str, str], ...] = (
    ("LA-AT", "ອັດຕະປື", "Attapeu"),
    ("LA-BK", "ບໍ່ແກ້ວ", "Bokeo"),
    ("LA-BL", "ບໍລິຄຳໄຊ", "Bolikhamxay"),
    ("LA-CH", "ຈຳປາສັກ", "Champasak"),
    ("LA-HO", "ຫົວພັນ", "Houaphanh"),
    ("LA-KH", "ຄຳມ່ວນ", "Khammouane"),
    ("LA-LM", "ຫຼວງນ້ຳທາ", "Luang Namtha"),
    ("LA-LP", "ຫຼວງພະບາງ", "Luang Prabang"),
    ("LA-OU", "ອຸດົມໄຊ", "Oudomxay"),
    ("LA-PH", "ຜົ້ງສາລີ", "Phongsaly"),
    ("LA-SL", "ສາລະວັນ", "Salavan"),
    ("LA-SV", "ສະຫວັນນະເຂດ", "Savannakhet"),
    ("LA-VI", "ວຽງຈັນ", "Vientiane Province"),
    ("LA-VT", "ນະຄອນຫຼວງວຽງຈັນ", "Vientiane Capital"),
    ("LA-XA", "ໄຊຍະບູລີ", "Xayaboury"),
    ("LA-XE", "ເຊກອງ", "Sekong"),
    ("LA-XI", "ຊຽງຂວາງ", "Xiengkhouang"),
    ("LA-XS", "ໄຊສົມບູນ", "Xaisomboun"),
)


def all_provinces() -> list[Province]:
    return events.all_provinces()


def load_provinces() -> int:
    """Insert the provinces that are missing; returns how many were added."""
    known = events.province_codes()
    missing = [Province(code=c, name_lo=lo, name_en=en) for c, lo, en in PROVINCES if c not in known]
    events.add_provinces(missing)
    return len(missing)
