"""Reference data of the Round Table Process, in Lao and English: one place for each list.

- the 18 provinces of Lao PDR, keyed by ISO 3166-2:LA;
- their 148 districts, keyed ``<province>-<name>`` (two provinces both have a Xaysetha);
- the ten Sector Working Groups (SWGs) of the Round Table Process and their sub-groups:
  seed 002 names the ten and the Governance SWG's two sub-sector working groups, Public
  Service Improvement (PSI) and Legal and Institutional Oversight (LIO).

The web application loads these into its tables (so events and forms can point at them)
and the built-in form templates draw their choice lists from here. District names in
Lao follow the spelling of the provinces' own documents where the project has them (the
capital, Houaphanh, Xiengkhouang, Khammouane, Savannakhet, Saravane); the others should
be read over by a Lao-speaking colleague before they are printed.
"""
from __future__ import annotations

#: (ISO 3166-2:LA code, Lao name, English name)
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

#: province code -> ((name, Lao name, English name), ...) in the order the province lists them
_DISTRICTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "LA-VT": (("chanthabuly", "ຈັນທະບູລີ", "Chanthabuly"), ("sikhottabong", "ສີໂຄດຕະບອງ", "Sikhottabong"),
              ("xaysetha", "ໄຊເສດຖາ", "Xaysetha"), ("sisattanak", "ສີສັດຕະນາກ", "Sisattanak"),
              ("naxaythong", "ນາຊາຍທອງ", "Naxaythong"), ("xaythany", "ໄຊທານີ", "Xaythany"),
              ("hadxayfong", "ຫາດຊາຍຟອງ", "Hadxayfong"), ("sangthong", "ສັງທອງ", "Sangthong"),
              ("pakngum", "ປາກງື່ມ", "Pakngum")),
    "LA-PH": (("phongsaly", "ຜົ້ງສາລີ", "Phongsaly"), ("may", "ໃໝ່", "May"), ("khoua", "ຂວາ", "Khoua"),
              ("samphanh", "ສຳພັນ", "Samphanh"), ("bounneua", "ບຸນເໜືອ", "Boun Neua"),
              ("nhotou", "ຍອດອູ", "Nhot Ou"), ("bountai", "ບຸນໃຕ້", "Boun Tai")),
    "LA-LM": (("namtha", "ນ້ຳທາ", "Namtha"), ("sing", "ສິງ", "Sing"), ("long", "ລອງ", "Long"),
              ("viengphoukha", "ວຽງພູຄາ", "Viengphoukha"), ("nalae", "ນາແລ", "Nalae")),
    "LA-OU": (("xay", "ໄຊ", "Xay"), ("la", "ຫຼາ", "La"), ("namor", "ນາໝໍ້", "Namor"), ("nga", "ງາ", "Nga"),
              ("beng", "ແບ່ງ", "Beng"), ("houn", "ຮຸນ", "Houn"), ("pakbeng", "ປາກແບ່ງ", "Pakbeng")),
    "LA-BK": (("houayxay", "ຫ້ວຍຊາຍ", "Houayxay"), ("tonpheung", "ຕົ້ນເຜິ້ງ", "Tonpheung"),
              ("meung", "ເມິງ", "Meung"), ("phaoudom", "ຜາອຸດົມ", "Pha Oudom"), ("paktha", "ປາກທາ", "Paktha")),
    "LA-LP": (("luangprabang", "ຫຼວງພະບາງ", "Luang Prabang"), ("xiengngeun", "ຊຽງເງິນ", "Xiengngeun"),
              ("nan", "ນານ", "Nan"), ("pakou", "ປາກອູ", "Pak Ou"), ("nambak", "ນ້ຳບາກ", "Nambak"),
              ("ngoy", "ງອຍ", "Ngoy"), ("pakxeng", "ປາກແຊງ", "Pakxeng"), ("phonxay", "ໂພນໄຊ", "Phonxay"),
              ("chomphet", "ຈອມເພັດ", "Chomphet"), ("viengkham", "ວຽງຄຳ", "Viengkham"),
              ("phoukhoune", "ພູຄູນ", "Phoukhoune"), ("phonthong", "ໂພນທອງ", "Phonthong")),
    "LA-HO": (("xamneua", "ຊຳເໜືອ", "Xamneua"), ("xiengkhor", "ຊຽງຄໍ້", "Xiengkhor"), ("hiam", "ຮ້ຽມ", "Hiam"),
              ("viengxay", "ວຽງໄຊ", "Viengxay"), ("huameuang", "ຫົວເມືອງ", "Huameuang"),
              ("xamtay", "ຊຳໃຕ້", "Xamtay"), ("sopbao", "ສົບເບົາ", "Sopbao"), ("et", "ແອດ", "Et"),
              ("kuan", "ກວັນ", "Kuan"), ("xon", "ຊ່ອນ", "Xon")),
    "LA-XA": (("xayaboury", "ໄຊຍະບູລີ", "Xayaboury"), ("khop", "ຄອບ", "Khop"), ("hongsa", "ຫົງສາ", "Hongsa"),
              ("ngeun", "ເງິນ", "Ngeun"), ("xienghon", "ຊຽງຮ່ອນ", "Xienghon"), ("phiang", "ພຽງ", "Phiang"),
              ("parklai", "ປາກລາຍ", "Parklai"), ("kenthao", "ແກ່ນທ້າວ", "Kenthao"), ("botene", "ບໍ່ແຕນ", "Botene"),
              ("thongmyxay", "ທົ່ງມີໄຊ", "Thongmyxay"), ("xaysathan", "ໄຊສະຖານ", "Xaysathan")),
    "LA-XI": (("pek", "ແປກ", "Pek"), ("kham", "ຄຳ", "Kham"), ("nonghed", "ໜອງແຮດ", "Nonghed"),
              ("khoune", "ຄູນ", "Khoune"), ("mokmay", "ໝອກໃໝ່", "Mokmay"), ("phoukood", "ພູກູດ", "Phoukood"),
              ("phaxay", "ຜາໄຊ", "Phaxay")),
    "LA-VI": (("phonhong", "ໂພນໂຮງ", "Phonhong"), ("thoulakhom", "ທຸລະຄົມ", "Thoulakhom"),
              ("keooudom", "ແກ້ວອຸດົມ", "Keo Oudom"), ("kasy", "ກາສີ", "Kasy"), ("vangvieng", "ວັງວຽງ", "Vangvieng"),
              ("feuang", "ເຟືອງ", "Feuang"), ("xanakharm", "ຊະນະຄາມ", "Xanakharm"), ("mad", "ແມດ", "Mad"),
              ("viengkham", "ວຽງຄຳ", "Viengkham"), ("hinheup", "ຫີນເຫີບ", "Hinheup"), ("meun", "ໝື່ນ", "Meun")),
    "LA-BL": (("pakxane", "ປາກຊັນ", "Pakxane"), ("thaphabath", "ທ່າພະບາດ", "Thaphabath"),
              ("pakkading", "ປາກກະດິງ", "Pakkading"), ("borikhane", "ບໍລິຄັນ", "Borikhane"),
              ("khamkeuth", "ຄຳເກີດ", "Khamkeuth"), ("viengthong", "ວຽງທອງ", "Viengthong"),
              ("xaychamphone", "ໄຊຈຳພອນ", "Xaychamphone")),
    "LA-KH": (("thakhek", "ທ່າແຂກ", "Thakhek"), ("mahaxay", "ມະຫາໄຊ", "Mahaxay"), ("nongbok", "ໜອງບົກ", "Nongbok"),
              ("hinboun", "ຫີນບູນ", "Hinboun"), ("nhommalath", "ຍົມມະລາດ", "Nhommalath"),
              ("boualapha", "ບົວລະພາ", "Boualapha"), ("nakai", "ນາກາຍ", "Nakai"),
              ("xebangfay", "ເຊບັ້ງໄຟ", "Xebangfay"), ("xaybouathong", "ໄຊບົວທອງ", "Xaybouathong"),
              ("khounkham", "ຄູນຄຳ", "Khounkham")),
    "LA-SV": (("kaysone", "ໄກສອນ ພົມວິຫານ", "Kaysone Phomvihane"), ("outhoumphone", "ອຸທຸມພອນ", "Outhoumphone"),
              ("atsaphangthong", "ອາດສະພັງທອງ", "Atsaphangthong"), ("phine", "ພີນ", "Phine"),
              ("sepon", "ເຊໂປນ", "Sepon"), ("nong", "ນອງ", "Nong"), ("thapangthong", "ທ່າປາງທອງ", "Thapangthong"),
              ("songkhone", "ສອງຄອນ", "Songkhone"), ("champhone", "ຈຳພອນ", "Champhone"),
              ("xonbuly", "ຊົນບູລີ", "Xonbuly"), ("xaybouly", "ໄຊບູລີ", "Xaybouly"),
              ("vilabuly", "ວິລະບູລີ", "Vilabuly"), ("atsaphone", "ອາດສະພອນ", "Atsaphone"),
              ("xayphouthong", "ໄຊພູທອງ", "Xayphouthong"), ("phalanxay", "ພະລານໄຊ", "Phalanxay")),
    "LA-SL": (("saravane", "ສາລະວັນ", "Saravane"), ("taoy", "ຕາໂອ້ຍ", "Ta Oy"), ("toumlane", "ຕຸ້ມລານ", "Toumlane"),
              ("lakhonepheng", "ລະຄອນເພັງ", "Lakhonepheng"), ("vapy", "ວາປີ", "Vapy"),
              ("khongsedone", "ຄົງເຊໂດນ", "Khongsedone"), ("laongam", "ເລົ່າງາມ", "Lao Ngam"),
              ("samouay", "ສະມ້ວຍ", "Samouay")),
    "LA-XE": (("lamam", "ລະມາມ", "Lamam"), ("kaleum", "ກະເລີມ", "Kaleum"), ("dakcheung", "ດາກຈຶງ", "Dakcheung"),
              ("thateng", "ທ່າແຕງ", "Thateng")),
    "LA-CH": (("pakse", "ປາກເຊ", "Pakse"), ("sanasomboun", "ຊະນະສົມບູນ", "Sanasomboun"),
              ("bachiengchaleunsook", "ບາຈຽງຈະເລີນສຸກ", "Bachiengchaleunsook"), ("paksong", "ປາກຊ່ອງ", "Paksong"),
              ("pathoumphone", "ປະທຸມພອນ", "Pathoumphone"), ("phonthong", "ໂພນທອງ", "Phonthong"),
              ("champasak", "ຈຳປາສັກ", "Champasak"), ("sukhuma", "ສຸຂຸມາ", "Sukhuma"),
              ("mounlapamok", "ມູນລະປະໂມກ", "Mounlapamok"), ("khong", "ໂຂງ", "Khong")),
    "LA-AT": (("xaysetha", "ໄຊເສດຖາ", "Xaysetha"), ("samakkhixay", "ສາມັກຄີໄຊ", "Samakkhixay"),
              ("sanamxay", "ສະໜາມໄຊ", "Sanamxay"), ("sanxay", "ຊານໄຊ", "Sanxay"), ("phouvong", "ພູວົງ", "Phouvong")),
    "LA-XS": (("anouvong", "ອະນຸວົງ", "Anouvong"), ("thathom", "ທ່າໂທມ", "Thathom"),
              ("longcheng", "ລ້ອງແຈ້ງ", "Longcheng"), ("hom", "ຮົ່ມ", "Hom"), ("longxan", "ລ້ອງຊານ", "Longxan")),
}

#: (code "<province>-<name>", province code, Lao name, English name), province by province
DISTRICTS: tuple[tuple[str, str, str, str], ...] = tuple(
    (f"{province}-{name}", province, lo, en)
    for province, _, _ in PROVINCES for name, lo, en in _DISTRICTS[province])

#: (code, Lao name, English name, parent code or None) — the ten SWGs, then sub-groups
SWGS: tuple[tuple[str, str, str, str | None], ...] = (
    ("macroeconomics", "ໜ່ວຍງານດ້ານເສດຖະກິດມະຫາພາກ", "Macroeconomics", None),
    ("agriculture", "ໜ່ວຍງານດ້ານກະສິກຳ ແລະ ການພັດທະນາຊຸມນະບົດ", "Agriculture and Rural Development", None),
    ("education", "ໜ່ວຍງານດ້ານການສຶກສາ", "Education", None),
    ("governance", "ໜ່ວຍງານດ້ານການປົກຄອງ", "Governance", None),
    ("health", "ໜ່ວຍງານດ້ານສາທາລະນະສຸກ", "Health", None),
    ("drug_control", "ໜ່ວຍງານດ້ານການຄວບຄຸມຢາເສບຕິດ", "Illicit Drug Control", None),
    ("infrastructure", "ໜ່ວຍງານດ້ານພື້ນຖານໂຄງລ່າງ", "Infrastructure", None),
    ("natural_resources", "ໜ່ວຍງານດ້ານຄຸ້ມຄອງຊັບພະຍາກອນທຳມະຊາດ ແລະ ສິ່ງແວດລ້ອມ",
     "Natural Resources and Environment", None),
    ("trade", "ໜ່ວຍງານດ້ານການພັດທະນາການຄ້າ ແລະ ພາກເອກະຊົນ", "Trade and Private Sector Development", None),
    ("uxo", "ໜ່ວຍງານເກັບກູ້ລະເບີດທີ່ຕົກຄ້າງ", "Unexploded Ordnance (UXO)", None),
    ("governance-psi", "ໜ່ວຍງານຍ່ອຍດ້ານການປັບປຸງບໍລິຫານລັດຖະການ", "Public Service Improvement (PSI)", "governance"),
    ("governance-lio", "ໜ່ວຍງານຍ່ອຍດ້ານນິຕິກຳ", "Legal and Institutional Oversight (LIO)", "governance"),
)
