"""The participant page's own words, in Lao and English.

They live here rather than only in the gettext catalogue because ``form.js`` needs both
languages at once: it switches the page's language without a round trip, and it speaks
about the offline queue while the server cannot be reached.
"""
from __future__ import annotations

TEXT: dict[str, dict[str, str]] = {
    "submit": {"lo": "ສົ່ງ", "en": "Submit"},
    "summary": {"lo": "ບາງຄຳຕອບຕ້ອງແກ້ໄຂ. ກະລຸນາກວດເບິ່ງຄຳຖາມທີ່ໝາຍໄວ້ຂ້າງລຸ່ມ.",
                "en": "Some answers need attention. Please check the questions marked below."},
    "add": {"lo": "ເພີ່ມອີກ", "en": "Add another"},
    "remove": {"lo": "ລຶບອັນນີ້", "en": "Remove this one"},
    "rank_position": {"lo": "ອັນດັບ {n}", "en": "Position {n}"},
    "rank_hint": {"lo": "ແຕະແຕ່ລະຢ່າງ ຕາມລຳດັບທີ່ທ່ານເລືອກ: ອັນທີ່ສຳຄັນທີ່ສຸດກ່ອນ.",
                  "en": "Tap each one in the order you choose: the most important first."},
    "rank_put": {"lo": "ໃສ່ {item} ເປັນອັນດັບ {n}", "en": "Put {item} at position {n}"},
    "rank_up": {"lo": "ເລື່ອນ {item} ຂຶ້ນ", "en": "Move {item} up"},
    "rank_down": {"lo": "ເລື່ອນ {item} ລົງ", "en": "Move {item} down"},
    "rank_out": {"lo": "ເອົາ {item} ອອກຈາກການຈັດລຳດັບ", "en": "Take {item} out of the ranking"},
    "rank_now": {"lo": "{item}: ອັນດັບ {n}", "en": "{item}: position {n}"},
    "rank_taken_out": {"lo": "ເອົາ {item} ອອກແລ້ວ", "en": "{item} taken out of the ranking"},
    "add_point": {"lo": "ເພີ່ມທີ່ຕັ້ງຂອງຂ້ອຍເປັນຈຸດໃໝ່", "en": "Add my location as a point"},
    "guidance": {"lo": "ຄຳແນະນຳເພີ່ມເຕີມ", "en": "More guidance"},
    "required": {"lo": "(ຕ້ອງຕອບ)", "en": "(required)"},
    "title_errors": {"lo": "{n} ຄຳຕອບຕ້ອງແກ້ໄຂ", "en": "{n} answers need attention"},
    "next": {"lo": "ຕໍ່ໄປ", "en": "Next"},
    "back": {"lo": "ກັບຄືນ", "en": "Back"},
    "locate": {"lo": "ໃຊ້ທີ່ຕັ້ງຂອງຂ້ອຍ", "en": "Use my location"},
    "locating": {"lo": "ກຳລັງຊອກຫາທີ່ຕັ້ງ…", "en": "Finding your location…"},
    "no_location": {"lo": "ຊອກຫາທີ່ຕັ້ງບໍ່ໄດ້. ກະລຸນາພິມເສັ້ນຂະໜານ ແລະ ເສັ້ນແວງ.",
                    "en": "Your location could not be found. Please type latitude and longitude."},
    "geo_hint": {"lo": "ເສັ້ນຂະໜານ ເສັ້ນແວງ, ເຊັ່ນ 17.97 102.61",
                 "en": "latitude longitude, for example 17.97 102.61"},
    "file_limit": {"lo": "ຂະໜາດບໍ່ເກີນ {mb} MB", "en": "At most {mb} MB"},
    "file_too_large": {"lo": "ໄຟລ໌ໃຫຍ່ເກີນໄປ (ບໍ່ເກີນ {mb} MB)",
                       "en": "The file is too large (at most {mb} MB)."},
    "sent": {"lo": "ສົ່ງແລ້ວ. ຂໍຂອບໃຈ!", "en": "Sent. Thank you!"},
    "queued": {"lo": "ບັນທຶກໄວ້ໃນໂທລະສັບແລ້ວ. ຈະສົ່ງເອງເມື່ອມີອິນເຕີເນັດ.",
               "en": "Saved on this phone. It will be sent when there is a connection."},
    "waiting": {"lo": "ລໍຖ້າສົ່ງ {n} ແບບຟອມ", "en": "{n} forms waiting to be sent"},
    "waiting_one": {"lo": "ລໍຖ້າສົ່ງ 1 ແບບຟອມ", "en": "1 form waiting to be sent"},
    "refused": {"lo": "{n} ແບບຟອມຖືກປະຕິເສດ: {reason}", "en": "{n} forms were refused: {reason}"},
    "fix": {"lo": "ເປີດເພື່ອແກ້ໄຂ", "en": "Open it to correct"},
    "discard": {"lo": "ລຶບອອກຈາກໂທລະສັບ", "en": "Remove from this phone"},
    "discard_confirm": {"lo": "ລຶບ {n} ແບບຟອມທີ່ຖືກປະຕິເສດອອກຈາກໂທລະສັບນີ້ບໍ? ມັນຈະບໍ່ຖືກສົ່ງອີກ.",
                        "en": "Remove the {n} refused form(s) from this phone? They will never be sent."},
    "again": {"lo": "ຕອບແບບຟອມອີກຄັ້ງ", "en": "Fill in the form again"},
    "code_label": {"lo": "ລະຫັດເຂົ້າຮ່ວມ", "en": "Access code"},
    "code_hint": {"lo": "ພິມລະຫັດທີ່ຜູ້ຈັດມອບໃຫ້ທ່ານ", "en": "Type the code the organisers gave you"},
    "continue": {"lo": "ສືບຕໍ່", "en": "Continue"},
    "draft_found": {"lo": "ໂທລະສັບນີ້ມີຄຳຕອບທີ່ຍັງບໍ່ໄດ້ສົ່ງ ຈາກເທື່ອກ່ອນ. ສືບຕໍ່ຕອບ ຫຼື ເລີ່ມໃໝ່?",
                    "en": "This phone holds unsent answers from an earlier visit. Continue them, or start over?"},
    "start_over": {"lo": "ເລີ່ມໃໝ່", "en": "Start over"},
    "updated": {"lo": "ບັນທຶກຄຳຕອບທີ່ແກ້ໄຂແລ້ວ.", "en": "Your changed answers have been saved."},
    "editing": {"lo": "ທ່ານສົ່ງແບບຟອມນີ້ແລ້ວ. ທ່ານສາມາດແກ້ໄຂຄຳຕອບໄດ້ຈົນກວ່າແບບຟອມຈະປິດ.",
                "en": "You have already sent this form. You may change your answers until it closes."},
}


def text(key: str, language: str, **values) -> str:
    """``key`` in ``language`` (English when missing), with ``values`` filled in."""
    texts = TEXT[key]
    return (texts.get(language) or texts["en"]).format(**values)
