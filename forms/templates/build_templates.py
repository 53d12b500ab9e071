"""Build the built-in form templates as XLSForm workbooks.

The four kinds of collection in the Round Table Process each get a bilingual Lao/English
template that an organiser can use as it is or download, change in Excel and upload
again. The forms are written here as Python tables, one row per XLSForm row, so that a
change is reviewed as text; the .xlsx files next to this script are what it writes, and
a test checks that the committed files hold exactly what the tables say.

Run from the repository root after editing a table::

    python -m forms.templates.build_templates

Sources (``/work/shared/seeds``): the 10 sector working groups (seed 002), the SDG
localisation seminars and the capacity needs assessment of the GSWG secretariat with its
7 categories and urgency levels (seed 004); the NSEDP outcomes are those of the 9th
National Socio-Economic Development Plan 2021-2025 (seed 000 reviews its period).
"""
from __future__ import annotations

import json
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
LO, EN = "Lao (lo)", "English (en)"
#: Translated columns: a keyword argument ``hint=("ລາວ", "English")`` fills both.
TRANSLATED = ("label", "hint", "constraint_message", "required_message")

Row = dict[str, str]


def q(type_: str, name: str | None = None, lo: str | None = None, en: str | None = None,
      **columns) -> Row:
    """One survey row: type, name, Lao and English label, then any other columns."""
    row = {"type": type_, "name": name, f"label::{LO}": lo, f"label::{EN}": en}
    for column, value in columns.items():
        if column in TRANSLATED:
            row[f"{column}::{LO}"], row[f"{column}::{EN}"] = value
        else:
            row[column] = value
    return row


def end(kind: str) -> Row:
    return {"type": f"end {kind}"}


def choice_list(list_name: str, *choices: tuple, **columns: list[str]) -> list[Row]:
    """Rows of one choice list from (name, Lao, English[, extra values...]) tuples."""
    rows = []
    for name, lo, en, *extra in choices:
        row = {"list_name": list_name, "name": name, f"label::{LO}": lo, f"label::{EN}": en}
        row.update(zip(columns.get("extra", []), extra))
        rows.append(row)
    return rows


def settings(form_id: str, lo: str, en: str, version: str, report: str, **more) -> list[Row]:
    return [{"form_id": form_id, "form_title": lo, "form_title_en": en,
             "version": version, "default_language": LO, **more, "report": report}]


# -- shared choice lists -----------------------------------------------------------------

#: The 18 provinces, named by their ISO 3166-2:LA code.
PROVINCES = [
    ("LA-VT", "ນະຄອນຫຼວງວຽງຈັນ", "Vientiane Capital"),
    ("LA-PH", "ຜົ້ງສາລີ", "Phongsaly"),
    ("LA-LM", "ຫຼວງນ້ຳທາ", "Luang Namtha"),
    ("LA-OU", "ອຸດົມໄຊ", "Oudomxay"),
    ("LA-BK", "ບໍ່ແກ້ວ", "Bokeo"),
    ("LA-LP", "ຫຼວງພະບາງ", "Luang Prabang"),
    ("LA-HO", "ຫົວພັນ", "Huaphanh"),
    ("LA-XA", "ໄຊຍະບູລີ", "Xayabury"),
    ("LA-XI", "ຊຽງຂວາງ", "Xiengkhouang"),
    ("LA-VI", "ວຽງຈັນ", "Vientiane Province"),
    ("LA-BL", "ບໍລິຄຳໄຊ", "Bolikhamxay"),
    ("LA-KH", "ຄຳມ່ວນ", "Khammouane"),
    ("LA-SV", "ສະຫວັນນະເຂດ", "Savannakhet"),
    ("LA-SL", "ສາລະວັນ", "Saravane"),
    ("LA-XE", "ເຊກອງ", "Sekong"),
    ("LA-CH", "ຈຳປາສັກ", "Champasak"),
    ("LA-AT", "ອັດຕະປື", "Attapeu"),
    ("LA-XS", "ໄຊສົມບູນ", "Xaisomboun"),
]

#: Districts of the provinces that held the 2019 SDG seminars, and of the capital. The
#: "other" district (province "all") is offered everywhere, so that a participant from a
#: province not listed here names the district in a text question instead.
DISTRICTS = [
    ("chanthabuly", "ຈັນທະບູລີ", "Chanthabuly", "LA-VT"),
    ("sikhottabong", "ສີໂຄດຕະບອງ", "Sikhottabong", "LA-VT"),
    ("xaysetha", "ໄຊເສດຖາ", "Xaysetha", "LA-VT"),
    ("sisattanak", "ສີສັດຕະນາກ", "Sisattanak", "LA-VT"),
    ("naxaythong", "ນາຊາຍທອງ", "Naxaythong", "LA-VT"),
    ("xaythany", "ໄຊທານີ", "Xaythany", "LA-VT"),
    ("hadxayfong", "ຫາດຊາຍຟອງ", "Hadxayfong", "LA-VT"),
    ("sangthong", "ສັງທອງ", "Sangthong", "LA-VT"),
    ("pakngum", "ປາກງື່ມ", "Pakngum", "LA-VT"),
    ("xamneua", "ຊຳເໜືອ", "Xamneua", "LA-HO"),
    ("xiengkhor", "ຊຽງຄໍ້", "Xiengkhor", "LA-HO"),
    ("hiam", "ຮ້ຽມ", "Hiam", "LA-HO"),
    ("viengxay", "ວຽງໄຊ", "Viengxay", "LA-HO"),
    ("huameuang", "ຫົວເມືອງ", "Huameuang", "LA-HO"),
    ("xamtay", "ຊຳໃຕ້", "Xamtay", "LA-HO"),
    ("sopbao", "ສົບເບົາ", "Sopbao", "LA-HO"),
    ("et", "ແອດ", "Et", "LA-HO"),
    ("kuan", "ກວັນ", "Kuan", "LA-HO"),
    ("xon", "ຊ່ອນ", "Xon", "LA-HO"),
    ("pek", "ແປກ", "Pek", "LA-XI"),
    ("kham", "ຄຳ", "Kham", "LA-XI"),
    ("nonghed", "ໜອງແຮດ", "Nonghed", "LA-XI"),
    ("khoune", "ຄູນ", "Khoune", "LA-XI"),
    ("mokmay", "ໝອກໃໝ່", "Mokmay", "LA-XI"),
    ("phoukood", "ພູກູດ", "Phoukood", "LA-XI"),
    ("phaxay", "ຜາໄຊ", "Phaxay", "LA-XI"),
    ("thakhek", "ທ່າແຂກ", "Thakhek", "LA-KH"),
    ("mahaxay", "ມະຫາໄຊ", "Mahaxay", "LA-KH"),
    ("nongbok", "ໜອງບົກ", "Nongbok", "LA-KH"),
    ("hinboun", "ຫີນບູນ", "Hinboun", "LA-KH"),
    ("nhommalath", "ຍົມມະລາດ", "Nhommalath", "LA-KH"),
    ("boualapha", "ບົວລະພາ", "Boualapha", "LA-KH"),
    ("nakai", "ນາກາຍ", "Nakai", "LA-KH"),
    ("xebangfay", "ເຊບັ້ງໄຟ", "Xebangfay", "LA-KH"),
    ("xaybouathong", "ໄຊບົວທອງ", "Xaybouathong", "LA-KH"),
    ("khounkham", "ຄູນຄຳ", "Khounkham", "LA-KH"),
    ("kaysone", "ໄກສອນ ພົມວິຫານ", "Kaysone Phomvihane", "LA-SV"),
    ("outhoumphone", "ອຸທຸມພອນ", "Outhoumphone", "LA-SV"),
    ("atsaphangthong", "ອາດສະພັງທອງ", "Atsaphangthong", "LA-SV"),
    ("phine", "ພີນ", "Phine", "LA-SV"),
    ("sepon", "ເຊໂປນ", "Sepon", "LA-SV"),
    ("nong", "ນອງ", "Nong", "LA-SV"),
    ("thapangthong", "ທ່າປາງທອງ", "Thapangthong", "LA-SV"),
    ("songkhone", "ສອງຄອນ", "Songkhone", "LA-SV"),
    ("champhone", "ຈຳພອນ", "Champhone", "LA-SV"),
    ("xonbuly", "ຊົນບູລີ", "Xonbuly", "LA-SV"),
    ("xaybouly", "ໄຊບູລີ", "Xaybouly", "LA-SV"),
    ("vilabuly", "ວິລະບູລີ", "Vilabuly", "LA-SV"),
    ("atsaphone", "ອາດສະພອນ", "Atsaphone", "LA-SV"),
    ("xayphouthong", "ໄຊພູທອງ", "Xayphouthong", "LA-SV"),
    ("phalanxay", "ພະລານໄຊ", "Phalanxay", "LA-SV"),
    ("saravane", "ສາລະວັນ", "Saravane", "LA-SL"),
    ("taoy", "ຕາໂອ້ຍ", "Ta Oy", "LA-SL"),
    ("toumlane", "ຕຸ້ມລານ", "Toumlane", "LA-SL"),
    ("lakhonepheng", "ລະຄອນເພັງ", "Lakhonepheng", "LA-SL"),
    ("vapy", "ວາປີ", "Vapy", "LA-SL"),
    ("khongsedone", "ຄົງເຊໂດນ", "Khongsedone", "LA-SL"),
    ("laongam", "ເລົ່າງາມ", "Lao Ngam", "LA-SL"),
    ("samouay", "ສະມ້ວຍ", "Samouay", "LA-SL"),
    ("other", "ເມືອງອື່ນ", "Another district", "all"),
]

#: The 10 sector working groups of the Round Table Process (seed 002).
SECTORS = [
    ("agriculture", "ໜ່ວຍງານດ້ານກະສິກຳ ແລະ ການພັດທະນາຊຸມນະບົດ", "Agriculture and Rural Development"),
    ("education", "ໜ່ວຍງານດ້ານການສຶກສາ", "Education"),
    ("governance", "ໜ່ວຍງານດ້ານການປົກຄອງ", "Governance"),
    ("health", "ໜ່ວຍງານດ້ານສາທາລະນະສຸກ", "Health"),
    ("drug_control", "ໜ່ວຍງານດ້ານການຄວບຄຸມຢາເສບຕິດ", "Illicit Drug Control"),
    ("infrastructure", "ໜ່ວຍງານດ້ານພື້ນຖານໂຄງລ່າງ", "Infrastructure"),
    ("macroeconomics", "ໜ່ວຍງານດ້ານເສດຖະກິດມະຫາພາກ", "Macroeconomics"),
    ("natural_resources", "ໜ່ວຍງານດ້ານຄຸ້ມຄອງຊັບພະຍາກອນທຳມະຊາດ ແລະ ສິ່ງແວດລ້ອມ",
     "Natural Resources and Environment"),
    ("trade", "ໜ່ວຍງານດ້ານການພັດທະນາການຄ້າ ແລະ ພາກເອກະຊົນ", "Trade and Private Sector Development"),
    ("uxo", "ໜ່ວຍງານເກັບກູ້ລະເບີດທີ່ຕົກຄ້າງ", "Unexploded Ordnance (UXO)"),
]

#: The six outcomes of the 9th NSEDP (2021-2025).
NSEDP_OUTCOMES = [
    ("growth", "ເສດຖະກິດເຕີບໂຕຢ່າງມີຄຸນນະພາບ, ສະຖຽນລະພາບ ແລະ ຍືນຍົງ",
     "Continuous, quality, stable and sustainable economic growth"),
    ("human_resources", "ຍົກສູງຄຸນນະພາບຂອງຊັບພະຍາກອນມະນຸດ",
     "Improved quality of human resources"),
    ("wellbeing", "ຍົກລະດັບຊີວິດການເປັນຢູ່ຂອງປະຊາຊົນ", "Enhanced well-being of the people"),
    ("environment", "ປົກປັກຮັກສາສິ່ງແວດລ້ອມ ແລະ ຫຼຸດຜ່ອນຄວາມສ່ຽງຈາກໄພພິບັດ",
     "Environmental protection and disaster risk reduction"),
    ("integration", "ເຊື່ອມໂຍງກັບພາກພື້ນ ແລະ ສາກົນ, ພື້ນຖານໂຄງລ່າງທີ່ໜັກແໜ້ນ",
     "Regional and international integration and robust infrastructure"),
    ("governance", "ການຄຸ້ມຄອງບໍລິຫານລັດມີປະສິດທິຜົນ, ສັງຄົມມີຄວາມຍຸຕິທຳ ແລະ ປອດໄພ",
     "Effective public governance, a just and safe society"),
]

ORGANISATION_KINDS = [
    ("ministry", "ກະຊວງ ຫຼື ອົງການລັດຂັ້ນສູນກາງ", "Ministry or central government agency"),
    ("local_gov", "ອົງການປົກຄອງຂັ້ນແຂວງ ຫຼື ເມືອງ", "Provincial or district administration"),
    ("assembly", "ສະພາແຫ່ງຊາດ ຫຼື ສະພາປະຊາຊົນຂັ້ນແຂວງ", "National Assembly or provincial assembly"),
    ("mass_org", "ອົງການຈັດຕັ້ງມະຫາຊົນ", "Mass organisation"),
    ("dp", "ຄູ່ຮ່ວມພັດທະນາ", "Development partner"),
    ("ngo", "ອົງການຈັດຕັ້ງທາງສັງຄົມ", "Civil society organisation"),
    ("private", "ພາກເອກະຊົນ", "Private sector"),
]

SEX = [("female", "ຍິງ", "Female"), ("male", "ຊາຍ", "Male")]

LIKERT5 = [
    ("1", "ບໍ່ພໍໃຈຫຼາຍ", "Very dissatisfied"),
    ("2", "ບໍ່ພໍໃຈ", "Dissatisfied"),
    ("3", "ປານກາງ", "Neutral"),
    ("4", "ພໍໃຈ", "Satisfied"),
    ("5", "ພໍໃຈຫຼາຍ", "Very satisfied"),
]

MULTILINE = {"appearance": "multiline"}
#: A calculation whose result is a number (XLSForm's ``bind::type``): exported and summarised as one.
NUMBER = {"bind::type": "int"}


# -- pre-RTM local consultation ----------------------------------------------------------

def pre_rtm_consultation() -> dict[str, list[Row]]:
    survey = [
        q("start", "start"),
        q("end", "end"),
        q("today", "today"),
        q("begin group", "respondent", "ກ່ຽວກັບທ່ານ", "About you"),
        q("select_one province", "province", "ແຂວງ", "Province", required="yes", appearance="minimal"),
        q("select_one district", "district", "ເມືອງ", "District", required="yes", appearance="minimal",
          choice_filter="province=${province} or province='all'"),
        q("text", "district_name", "ຊື່ເມືອງ", "Name of the district", required="yes",
          relevant="${district} = 'other'"),
        q("select_one organisation_kind", "organisation_kind", "ທ່ານມາຈາກອົງການຈັດຕັ້ງປະເພດໃດ?",
          "What kind of organisation do you come from?", required="yes"),
        q("text", "organisation", "ຊື່ອົງການຈັດຕັ້ງ", "Name of your organisation"),
        q("select_one sector", "sector", "ວຽກຂອງທ່ານໃກ້ຄຽງກັບໜ່ວຍງານຂະແໜງການໃດຫຼາຍທີ່ສຸດ?",
          "Which sector working group is closest to your work?", required="yes"),
        q("select_one sex", "sex", "ເພດ", "Sex"),
        end("group"),
        q("begin repeat", "progress", "ຄວາມຄືບໜ້າ ແລະ ສິ່ງທ້າທາຍ", "Progress and challenges",
          hint=("ເພີ່ມໜຶ່ງລາຍການຕໍ່ໜຶ່ງຂະແໜງການ", "Add one entry for each sector")),
        q("select_one sector", "topic_sector", "ຂະແໜງການ", "Sector", required="yes"),
        q("text", "achievement", "ມີຄວາມຄືບໜ້າຫຍັງແດ່ໃນປີຜ່ານມາ?", "What progress was made in the past year?",
          **MULTILINE),
        q("text", "challenge", "ສິ່ງທ້າທາຍຕົ້ນຕໍແມ່ນຫຍັງ?", "What are the main challenges?", **MULTILINE),
        q("text", "proposal", "ທ່ານສະເໜີໃຫ້ແກ້ໄຂແນວໃດ?", "What do you propose?", **MULTILINE),
        end("repeat"),
        q("rank nsedp_outcome", "priorities",
          "ຈັດລຳດັບຜົນໄດ້ຮັບຂອງແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ ຕາມບຸລິມະສິດຂອງແຂວງທ່ານ",
          "Rank the outcomes of the national plan (NSEDP) by priority for your province",
          hint=("ບຸລິມະສິດສູງສຸດຢູ່ເທິງສຸດ", "Highest priority first"), required="yes"),
        q("text", "priority_reason", "ເປັນຫຍັງບຸລິມະສິດອັນດັບໜຶ່ງຈຶ່ງສຳຄັນທີ່ສຸດ?",
          "Why does the first priority matter most?", **MULTILINE),
        q("text", "comments", "ຄຳເຫັນອື່ນໆ ສຳລັບກອງປະຊຸມໂຕະມົນ", "Other comments for the Round Table Meeting",
          **MULTILINE),
        q("note", "thanks", "ຂໍຂອບໃຈສຳລັບຄຳເຫັນຂອງທ່ານ", "Thank you for your views"),
    ]
    choices = (
        choice_list("province", *PROVINCES)
        + choice_list("district", *DISTRICTS, extra=["province"])
        + choice_list("organisation_kind", *ORGANISATION_KINDS)
        + choice_list("sector", *SECTORS)
        + choice_list("sex", *SEX)
        + choice_list("nsedp_outcome", *NSEDP_OUTCOMES)
    )
    return {
        "survey": survey,
        "choices": choices,
        "settings": settings(
            "pre_rtm_consultation", "ການປຶກສາຫາລືຂັ້ນທ້ອງຖິ່ນ ກ່ອນກອງປະຊຸມໂຕະມົນ",
            "Local consultation before the Round Table Meeting", "2024.1", "consultation",
            instance_name="concat(${province}, ' ', ${organisation_kind})"),
    }


# -- SDG localisation seminar ------------------------------------------------------------

#: Knowledge check: (name, Lao question, English question, correct choice, choices).
KNOWLEDGE = [
    ("sdg_count", "ເປົ້າໝາຍການພັດທະນາແບບຍືນຍົງ (SDGs) ຂອງໂລກ ມີທັງໝົດຈັກເປົ້າໝາຍ?",
     "How many global Sustainable Development Goals (SDGs) are there?", "17",
     [("8", "8", "8"), ("17", "17", "17"), ("169", "169", "169")]),
    ("sdg_year", "SDGs ຕ້ອງບັນລຸພາຍໃນປີໃດ?", "By which year should the SDGs be achieved?", "2030",
     [("2025", "2025", "2025"), ("2030", "2030", "2030"), ("2050", "2050", "2050")]),
    ("sdg_18", "ເປົ້າໝາຍທີ 18 ຂອງ ສປປ ລາວ ແມ່ນກ່ຽວກັບຫຍັງ?", "What is Lao PDR's own 18th SDG about?",
     "uxo",
     [("uxo", "ຊີວິດປອດໄພຈາກລະເບີດທີ່ຍັງບໍ່ທັນແຕກ", "Lives safe from unexploded ordnance (UXO)"),
      ("tourism", "ການທ່ອງທ່ຽວ", "Tourism"),
      ("energy", "ພະລັງງານໄຟຟ້າ", "Electric power")]),
    ("localisation", "ການນຳ SDGs ລົງສູ່ທ້ອງຖິ່ນ ໝາຍເຖິງຫຍັງ?", "What does SDG localisation mean?",
     "plans",
     [("plans", "ການເອົາ SDGs ເຂົ້າໃນແຜນພັດທະນາຂອງແຂວງ ແລະ ເມືອງ",
       "Bringing the SDGs into province and district development plans"),
      ("reports", "ການຂຽນບົດລາຍງານຂັ້ນສູນກາງເທົ່ານັ້ນ", "Writing central reports only"),
      ("funds", "ການຂໍທຶນຈາກຄູ່ຮ່ວມພັດທະນາ", "Asking development partners for funds")]),
    ("national_plan", "SDGs ຖືກເຊື່ອມສານເຂົ້າໃນແຜນໃດຂອງ ສປປ ລາວ?",
     "Which plan of Lao PDR integrates the SDGs?", "nsedp",
     [("nsedp", "ແຜນພັດທະນາເສດຖະກິດ-ສັງຄົມແຫ່ງຊາດ", "The National Socio-Economic Development Plan"),
      ("budget", "ແຜນງົບປະມານປະຈຳປີເທົ່ານັ້ນ", "The annual budget only"),
      ("none", "ບໍ່ມີແຜນໃດ", "No plan")]),
]


def knowledge_check(prefix: str, lo: str, en: str, score_lo: str, score_en: str) -> list[Row]:
    """The knowledge questions, named ``<prefix>_<question>``, with their score."""
    rows = [q("begin group", f"{prefix}_test", lo, en)]
    for name, question_lo, question_en, _, _ in KNOWLEDGE:
        rows.append(q(f"select_one {name}", f"{prefix}_{name}", question_lo, question_en, required="yes"))
    score = " + ".join(f"if(${{{prefix}_{name}}} = '{correct}', 1, 0)"
                       for name, _, _, correct, _ in KNOWLEDGE)
    scale = f" (0-{len(KNOWLEDGE)})"
    rows.append(q("calculate", f"{prefix}_score", score_lo + scale, score_en + scale, calculation=score, **NUMBER))
    rows.append(end("group"))
    return rows


def sdg_seminar() -> dict[str, list[Row]]:
    survey = [
        q("today", "today"),
        q("begin group", "registration", "ການລົງທະບຽນ", "Registration"),
        q("text", "full_name", "ຊື່ ແລະ ນາມສະກຸນ", "Full name", required="yes", sensitive="yes"),
        q("select_one sex", "sex", "ເພດ", "Sex", required="yes"),
        q("select_one level", "level", "ທ່ານເຮັດວຽກຢູ່ຂັ້ນໃດ?", "At which level do you work?", required="yes"),
        q("select_one province", "province", "ແຂວງ", "Province", required="yes", appearance="minimal"),
        q("text", "position", "ຕຳແໜ່ງ", "Position"),
        end("group"),
        *knowledge_check("pre", "ກ່ອນສຳມະນາ: ທ່ານຮູ້ຫຍັງແດ່?", "Before the seminar: what do you know?",
                         "ຄະແນນກ່ອນສຳມະນາ", "Score before the seminar"),
        *knowledge_check("post", "ຫຼັງສຳມະນາ: ທ່ານຮູ້ຫຍັງແດ່?", "After the seminar: what do you know?",
                         "ຄະແນນຫຼັງສຳມະນາ", "Score after the seminar"),
        q("calculate", "learning_gain", "ຄວາມຮູ້ເພີ່ມຂຶ້ນ (ຄະແນນຫຼັງ − ກ່ອນ)", "Learning gain (post − pre score)",
          calculation="${post_score} - ${pre_score}", **NUMBER),
        q("begin group", "evaluation", "ການປະເມີນສຳມະນາ", "Seminar evaluation"),
        q("select_one likert5", "overall", "ໂດຍລວມ ທ່ານພໍໃຈກັບສຳມະນາຄັ້ງນີ້ລະດັບໃດ?",
          "Overall, how satisfied are you with this seminar?", required="yes", appearance="likert"),
        q("select_one likert5", "useful", "ເນື້ອໃນມີປະໂຫຍດຕໍ່ວຽກງານຂອງທ່ານ",
          "The content was useful for my work", required="yes", appearance="likert"),
        q("select_one likert5", "apply", "ທ່ານສາມາດນຳໃຊ້ສິ່ງທີ່ຮຽນມາເຂົ້າໃນແຜນຂອງທ້ອງຖິ່ນໄດ້",
          "I can apply what I learnt in local plans", required="yes", appearance="likert"),
        q("text", "improve", "ສຳມະນາຄັ້ງຕໍ່ໄປຄວນປັບປຸງຫຍັງແດ່?", "What should the next seminar improve?",
          **MULTILINE),
        end("group"),
    ]
    choices = [
        *choice_list("sex", *SEX),
        *choice_list("level", ("province", "ຂັ້ນແຂວງ", "Province"), ("district", "ຂັ້ນເມືອງ", "District"),
                     ("village", "ຂັ້ນບ້ານ", "Village")),
        *choice_list("province", *PROVINCES),
        *choice_list("likert5", *LIKERT5),
    ]
    for name, _, _, correct, options in KNOWLEDGE:
        choices += choice_list(name, *((*option, "yes" if option[0] == correct else "no")
                                       for option in options), extra=["correct"])
    return {
        "survey": survey,
        "choices": choices,
        "settings": settings("sdg_seminar", "ສຳມະນາການນຳ SDGs ລົງສູ່ທ້ອງຖິ່ນ", "SDG localisation seminar",
                             "2019.2", "sdg_seminar"),
    }


# -- capacity needs assessment -----------------------------------------------------------

#: The 7 categories of the GSWG secretariat capacity needs assessment (seed 004).
CATEGORIES = [
    ("tor", "ຄວາມເຂົ້າໃຈຕໍ່ກັບພາລະບົດບາດ", "Understanding of ToR"),
    ("communication", "ທັກສະໃນການສື່ສານ", "Communication skills"),
    ("contribution", "ການປະກອບສ່ວນຂອງສະມາຊິກກອງເລຂາແຕ່ລະທ່ານ", "Contribution of the GSWG Secretariat members"),
    ("human_resources", "ພັດທະນາຊັບພະຍາກອນມະນຸດ", "Human resource development"),
    ("mainstreaming", "ການເຊື່ອມສານວຽກງານໜ່ວຍງານດ້ານການປົກຄອງ", "GSWG mainstreaming"),
    ("supporting_resources", "ສິ່ງອຳນວຍຄວາມສະດວກ", "Supporting resources"),
    ("documentation", "ການຄຸ້ມຄອງເອກະສານ", "Documentation archiving"),
]


def capacity_category(name: str, lo: str, en: str) -> list[Row]:
    return [
        q("begin group", name, lo, en),
        q("select_one score", f"{name}_score", f"ຄະແນນ: {lo}", f"Score: {en}", required="yes",
          hint=("1 = ອ່ອນຫຼາຍ, 5 = ເຂັ້ມແຂງ", "1 = very weak, 5 = strong")),
        q("text", f"{name}_finding", "ຄຳອະທິບາຍ (ສິ່ງທີ່ຄົ້ນພົບ)", "Explanation (finding)", **MULTILINE),
        q("text", f"{name}_recommendation", "ຂໍ້ແນະນຳ", "Recommendations", **MULTILINE),
        end("group"),
    ]


def capacity_assessment() -> dict[str, list[Row]]:
    scores = " + ".join(f"number(${{{name}_score}})" for name, _, _ in CATEGORIES)
    survey = [
        q("today", "today"),
        q("select_one sector", "swg", "ໜ່ວຍງານຂະແໜງການທີ່ຖືກປະເມີນ", "Sector working group assessed",
          required="yes"),
        q("select_one assessor", "assessor", "ຜູ້ປະເມີນ", "Who is assessing?", required="yes"),
        *(row for category in CATEGORIES for row in capacity_category(*category)),
        q("calculate", "average_score", calculation=f"round(({scores}) div {len(CATEGORIES)}, 1)",
          **{"bind::type": "decimal"}),
        # The action plan (seed 004): one entry per activity, each with its own urgency.
        q("begin repeat", "activities", "ແຜນການເຄື່ອນໄຫວ", "Action plan",
          hint=("ເພີ່ມໜຶ່ງລາຍການຕໍ່ໜຶ່ງກິດຈະກຳ", "Add one entry for each activity")),
        q("select_one category", "category", "ປະເພດ", "Category", required="yes"),
        q("text", "action", "ສະເໜີແຜນຕໍ່ໜ້າ", "Proposed action", required="yes", **MULTILINE),
        q("text", "activity", "ກິດຈະກຳ", "Activity", required="yes", **MULTILINE),
        q("select_one urgency", "urgency", "ຄວາມເລັ່ງດ່ວນ", "Urgency level", required="yes"),
        end("repeat"),
        q("text", "comments", "ຄຳເຫັນອື່ນໆ", "Other comments", **MULTILINE),
    ]
    choices = [
        *choice_list("sector", *SECTORS),
        *choice_list("assessor", ("member", "ສະມາຊິກກອງເລຂາ (ປະເມີນຕົນເອງ)", "Secretariat member (self-assessment)"),
                     ("chair", "ປະທານ ຫຼື ປະທານຮ່ວມ", "Chair or co-chair"),
                     ("external", "ຜູ້ປະເມີນພາຍນອກ", "External assessor")),
        *choice_list("score", ("1", "1 ອ່ອນຫຼາຍ", "1 very weak"), ("2", "2 ອ່ອນ", "2 weak"),
                     ("3", "3 ປານກາງ", "3 fair"), ("4", "4 ດີ", "4 good"), ("5", "5 ເຂັ້ມແຂງ", "5 strong")),
        *choice_list("category", *CATEGORIES),
        *choice_list("urgency", ("immediate", "ທັນທີ", "Immediate"), ("short_term", "ໄລຍະສັ້ນ", "Short-term"),
                     ("medium_term", "ໄລຍະກາງ", "Medium-term")),
    ]
    return {
        "survey": survey,
        "choices": choices,
        "settings": settings("capacity_assessment", "ການປະເມີນຄວາມຕ້ອງການສ້າງຂີດຄວາມສາມາດ",
                             "Capacity needs assessment", "2019.2", "capacity"),
    }


# -- meeting satisfaction ----------------------------------------------------------------

def meeting_satisfaction() -> dict[str, list[Row]]:
    """The demo survey, written from its JSON definition so that the two never differ."""
    form = json.loads((HERE / "meeting_satisfaction.json").read_text(encoding="utf-8"))
    survey = []
    for question in form["questions"]:
        qtype = question["type"] + (f" {question['choice_list']}" if "choice_list" in question else "")
        columns = {key: question[key] for key in ("relevant", "constraint", "appearance") if key in question}
        columns.update({key: (question[key]["lo"], question[key]["en"])
                        for key in ("hint", "required_message", "constraint_message") if key in question})
        if question.get("required"):
            columns["required"] = "yes"
        survey.append(q(qtype, question["name"], question["label"]["lo"], question["label"]["en"], **columns))
    choices = [row for name, options in form["choices"].items()
               for row in choice_list(name, *((c["name"], c["label"]["lo"], c["label"]["en"]) for c in options))]
    return {
        "survey": survey,
        "choices": choices,
        "settings": settings(form["form_id"], form["title"]["lo"], form["title"]["en"], form["version"],
                             form["report"]),
    }


TEMPLATES = {
    "pre_rtm_consultation.xlsx": pre_rtm_consultation,
    "sdg_seminar.xlsx": sdg_seminar,
    "capacity_assessment.xlsx": capacity_assessment,
    "meeting_satisfaction.xlsx": meeting_satisfaction,
}


def workbook(sheets: dict[str, list[Row]]) -> openpyxl.Workbook:
    """A workbook with one sheet per table; the header row is every column used, in order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        header = list(dict.fromkeys(column for row in rows for column in row))
        sheet = book.create_sheet(name)
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(column) for column in header])
        sheet.freeze_panes = "A2"
    return book


def main() -> None:
    for filename, build in TEMPLATES.items():
        workbook(build()).save(HERE / filename)
        print("wrote", HERE / filename)


if __name__ == "__main__":
    main()
