"""One error type for the whole application: a named problem with an HTTP status.

Services raise ``Problem("form_not_found", form_id=3)`` and never think about HTTP; the
web layer (``collect/web/errors.py``) puts a problem on the wire, as JSON for the API
(``{"error": {"code", "message", "details"}}``) and as a page in the reader's language
elsewhere. ``ERRORS`` is the one catalogue: each code's status and its message in every
language of the project.
"""
from __future__ import annotations


#: code → (HTTP status, {language: message template})
ERRORS: dict[str, tuple[int, dict[str, str]]] = {
    "unauthorised": (401, {"en": "Sign in or send an API token.", "lo": "ກະລຸນາເຂົ້າສູ່ລະບົບ ຫຼື ສົ່ງລະຫັດ API."}),
    "forbidden": (403, {"en": "Your role in this Sector Working Group may not do this.",
                        "lo": "ບົດບາດຂອງທ່ານໃນໜ່ວຍງານຂະແໜງການນີ້ບໍ່ອະນຸຍາດໃຫ້ເຮັດສິ່ງນີ້."}),
    "not_found": (404, {"en": "Nothing was found at this address.", "lo": "ບໍ່ພົບຫຍັງຢູ່ທີ່ຢູ່ນີ້."}),
    "form_not_found": (404, {"en": "There is no form {form_id}.", "lo": "ບໍ່ມີແບບຟອມ {form_id}."}),
    "link_not_found": (404, {"en": "This form link does not exist. Check the address or ask the organiser.",
                             "lo": "ບໍ່ມີລິ້ງແບບຟອມນີ້. ກະລຸນາກວດເບິ່ງທີ່ຢູ່ ຫຼື ຖາມຜູ້ຈັດ."}),
    "link_closed": (410, {"en": "This form is closed and no longer accepts answers.",
                          "lo": "ແບບຟອມນີ້ປິດແລ້ວ ແລະ ບໍ່ຮັບຄຳຕອບອີກ."}),
    "link_not_open": (403, {"en": "This form is not open yet. It opens on {opens_at}.",
                            "lo": "ແບບຟອມນີ້ຍັງບໍ່ເປີດ. ຈະເປີດວັນທີ {opens_at}."}),
    "code_required": (403, {"en": "This form asks for the access code the organisers gave you.",
                            "lo": "ແບບຟອມນີ້ຕ້ອງການລະຫັດເຂົ້າຮ່ວມທີ່ຜູ້ຈັດມອບໃຫ້ທ່ານ."}),
    "code_invalid": (403, {"en": "This access code is not valid for this form. Check it and try again.",
                           "lo": "ລະຫັດເຂົ້າຮ່ວມນີ້ບໍ່ຖືກຕ້ອງສຳລັບແບບຟອມນີ້. ກະລຸນາກວດເບິ່ງ ແລ້ວລອງໃໝ່."}),
    "code_used": (409, {"en": "This access code has already been used to answer this form.",
                        "lo": "ລະຫັດເຂົ້າຮ່ວມນີ້ຖືກໃຊ້ຕອບແບບຟອມນີ້ແລ້ວ."}),
    "file_too_large": (413, {"en": "The file for {path} is too large (at most {mb} MB).",
                             "lo": "ໄຟລ໌ຂອງ {path} ໃຫຍ່ເກີນໄປ (ບໍ່ເກີນ {mb} MB)."}),
    "invalid_request": (400, {"en": "The request is not valid.", "lo": "ຄຳຮ້ອງຂໍບໍ່ຖືກຕ້ອງ."}),
    "invalid_submission": (422, {"en": "Some answers need attention.", "lo": "ບາງຄຳຕອບຕ້ອງແກ້ໄຂ."}),
    "unknown_version": (409, {"en": "This form has changed (version {version} is unknown). Reload the form and submit again.",
                              "lo": "ແບບຟອມນີ້ມີການປ່ຽນແປງ (ບໍ່ຮູ້ຈັກສະບັບ {version}). ກະລຸນາໂຫຼດແບບຟອມຄືນ ແລ້ວສົ່ງອີກຄັ້ງ."}),
    "version_exists": (409, {"en": "Version {version} of form {form_id} already exists with other content. Give the edited form a new version.",
                             "lo": "ສະບັບ {version} ຂອງແບບຟອມ {form_id} ມີຢູ່ແລ້ວ ແຕ່ເນື້ອໃນຕ່າງກັນ. ກະລຸນາໃສ່ສະບັບໃໝ່ໃຫ້ແບບຟອມທີ່ແກ້ໄຂ."}),
    "invalid_form": (422, {"en": "The form cannot be imported: {count} problem(s) to fix.",
                           "lo": "ບໍ່ສາມາດນຳເຂົ້າແບບຟອມໄດ້: ມີ {count} ບັນຫາທີ່ຕ້ອງແກ້ໄຂ."}),
    "event_not_found": (404, {"en": "There is no event {event_id}.", "lo": "ບໍ່ມີກິດຈະກຳ {event_id}."}),
    "unknown_swg": (400, {"en": "{swg} is not a Sector Working Group of the Round Table Process (or not a sub-group of the one chosen).",
                          "lo": "{swg} ບໍ່ແມ່ນໜ່ວຍງານຂະແໜງການຂອງຂະບວນການໂຕະມົນ (ຫຼື ບໍ່ແມ່ນໜ່ວຍງານຍ່ອຍຂອງໜ່ວຍງານທີ່ເລືອກ)."}),
    "unknown_district": (400, {"en": "{district} is not a district of the province chosen.",
                               "lo": "{district} ບໍ່ແມ່ນເມືອງຂອງແຂວງທີ່ເລືອກ."}),
    "swg_required": (400, {"en": "Choose the Sector Working Group the new form belongs to.",
                           "lo": "ກະລຸນາເລືອກໜ່ວຍງານຂະແໜງການທີ່ແບບຟອມໃໝ່ນີ້ຂຶ້ນກັບ."}),
    "form_id_taken": (409, {"en": "Another Sector Working Group already has a form with the form_id {form_id}. "
                                  "Give your form another form_id in its settings sheet.",
                            "lo": "ໜ່ວຍງານຂະແໜງການອື່ນມີແບບຟອມທີ່ໃຊ້ form_id {form_id} ແລ້ວ. "
                                  "ກະລຸນາໃສ່ form_id ອື່ນໃນແຜ່ນ settings ຂອງແບບຟອມຂອງທ່ານ."}),
    "invalid_slug": (400, {"en": "«{slug}» cannot be a link's address: use 3 to 64 lower-case letters, digits and hyphens.",
                           "lo": "«{slug}» ໃຊ້ເປັນທີ່ຢູ່ຂອງລິ້ງບໍ່ໄດ້: ໃຊ້ຕົວອັກສອນພາສາອັງກິດນ້ອຍ, ຕົວເລກ ແລະ ຂີດ 3 ຫາ 64 ຕົວ."}),
    "slug_taken": (409, {"en": "The address «{slug}» is already used by another link.",
                         "lo": "ທີ່ຢູ່ «{slug}» ຖືກໃຊ້ໂດຍລິ້ງອື່ນແລ້ວ."}),
    "invalid_dates": (400, {"en": "A link must close after it opens.", "lo": "ລິ້ງຕ້ອງປິດຫຼັງຈາກເປີດ."}),
    "weak_password": (400, {"en": "Choose a password of at least {length} characters that is not easy to guess "
                                  "(not a common password, a name or a simple pattern).",
                            "lo": "ກະລຸນາເລືອກລະຫັດຜ່ານຢ່າງໜ້ອຍ {length} ຕົວອັກສອນ ທີ່ບໍ່ງ່າຍຕໍ່ການເດົາ "
                                  "(ບໍ່ແມ່ນລະຫັດທີ່ຄົນໃຊ້ຫຼາຍ, ຊື່ ຫຼື ຮູບແບບງ່າຍໆ)."}),
    "invalid_email": (400, {"en": "«{email}» is not an e-mail address.", "lo": "«{email}» ບໍ່ແມ່ນທີ່ຢູ່ອີເມວ."}),
    "email_taken": (409, {"en": "There is already an account with the e-mail {email}.",
                          "lo": "ມີບັນຊີທີ່ໃຊ້ອີເມວ {email} ແລ້ວ."}),
    "wrong_password": (400, {"en": "The current password is not right.", "lo": "ລະຫັດຜ່ານປັດຈຸບັນບໍ່ຖືກຕ້ອງ."}),
    "user_not_found": (404, {"en": "There is no such account.", "lo": "ບໍ່ມີບັນຊີນີ້."}),
    "token_not_found": (404, {"en": "There is no such API token.", "lo": "ບໍ່ມີລະຫັດ API ນີ້."}),
    "too_many_attempts": (429, {"en": "Too many attempts. Wait a few minutes, then try again.",
                                "lo": "ພະຍາຍາມຫຼາຍເທື່ອເກີນໄປ. ກະລຸນາລໍຖ້າຈັກໜ້ອຍ ແລ້ວລອງໃໝ່."}),
    "csrf_failed": (403, {"en": "This request did not come from a page of this site. Reload the page and try again.",
                          "lo": "ຄຳຮ້ອງຂໍນີ້ບໍ່ໄດ້ມາຈາກໜ້າຂອງເວັບໄຊນີ້. ກະລຸນາໂຫຼດໜ້າຄືນ ແລ້ວລອງໃໝ່."}),
    "version_file_not_found": (404, {"en": "Version {version} of this form has no XLSForm kept (it was published as JSON).",
                                     "lo": "ສະບັບ {version} ຂອງແບບຟອມນີ້ບໍ່ມີ XLSForm ເກັບໄວ້ (ຖືກເຜີຍແຜ່ເປັນ JSON)."}),
    "unknown_province": (400, {"en": "{province} is not a province code of Lao PDR (ISO 3166-2:LA).",
                               "lo": "{province} ບໍ່ແມ່ນລະຫັດແຂວງຂອງ ສປປ ລາວ (ISO 3166-2:LA)."}),
    "export_not_found": (404, {"en": "There is no such export (it may have expired).",
                               "lo": "ບໍ່ມີການສົ່ງອອກນີ້ (ອາດໝົດອາຍຸແລ້ວ)."}),
    "export_not_ready": (409, {"en": "The export is not finished yet.", "lo": "ການສົ່ງອອກຍັງບໍ່ແລ້ວ."}),
    "response_not_found": (404, {"en": "There is no such response.", "lo": "ບໍ່ມີຄຳຕອບນີ້."}),
    "attachment_not_found": (404, {"en": "This response has no file for that question.",
                                   "lo": "ຄຳຕອບນີ້ບໍ່ມີໄຟລ໌ສຳລັບຄຳຖາມນັ້ນ."}),
    "uuid_conflict": (409, {"en": "This response id was already used for other answers. Nothing was changed.",
                            "lo": "ລະຫັດຄຳຕອບນີ້ຖືກໃຊ້ກັບຄຳຕອບອື່ນແລ້ວ. ບໍ່ມີຫຍັງຖືກປ່ຽນແປງ."}),
    "invalid_uuid": (400, {"en": "The response id must be a UUID (RFC 4122), not the nil UUID.",
                           "lo": "ລະຫັດຄຳຕອບຕ້ອງເປັນ UUID (RFC 4122) ແລະ ບໍ່ແມ່ນ UUID ສູນ."}),
    "answers_too_large": (422, {"en": "These answers are larger than this form allows ({limit}).",
                                "lo": "ຄຳຕອບເຫຼົ່ານີ້ໃຫຍ່ກວ່າທີ່ແບບຟອມນີ້ອະນຸຍາດ ({limit})."}),
    "invalid_text": (422, {"en": "An answer holds characters that are not text (a NUL or a broken character).",
                           "lo": "ມີຄຳຕອບທີ່ມີຕົວອັກສອນທີ່ບໍ່ແມ່ນຂໍ້ຄວາມ (NUL ຫຼື ຕົວອັກສອນທີ່ເສຍ)."}),
    "too_deep": (400, {"en": "The request is nested too deeply.", "lo": "ຄຳຮ້ອງຂໍຊ້ອນກັນເລິກເກີນໄປ."}),
    "workbook_too_large": (413, {"en": "The workbook unpacks to more than {mb} MB or is compressed more than "
                                       "{ratio} to 1; it is not read. Save it again from Excel or remove unused sheets.",
                                 "lo": "ແຟ້ມ Excel ນີ້ແຕກອອກໃຫຍ່ກວ່າ {mb} MB ຫຼື ຖືກບີບອັດຫຼາຍກວ່າ {ratio} ເທົ່າ; "
                                       "ຈຶ່ງບໍ່ອ່ານ. ກະລຸນາບັນທຶກໃໝ່ຈາກ Excel ຫຼື ລຶບແຜ່ນທີ່ບໍ່ໃຊ້ອອກ."}),
    "file_type_refused": (415, {"en": "The file for {path} is not of a type this question takes ({type}).",
                                "lo": "ໄຟລ໌ຂອງ {path} ບໍ່ແມ່ນປະເພດທີ່ຄຳຖາມນີ້ຮັບ ({type})."}),
    "app_unauthorised": (401, {"en": "Sign in with the app user's name and password from the organisers.",
                               "lo": "ກະລຸນາເຂົ້າສູ່ລະບົບດ້ວຍຊື່ ແລະ ລະຫັດຜ່ານຂອງຜູ້ໃຊ້ແອັບທີ່ຜູ້ຈັດມອບໃຫ້."}),
    "app_forbidden": (403, {"en": "This app's sign-in is not valid (mistyped or withdrawn). Scan the organisers' QR code again.",
                            "lo": "ການເຂົ້າສູ່ລະບົບຂອງແອັບນີ້ບໍ່ຖືກຕ້ອງ (ພິມຜິດ ຫຼື ຖືກຍົກເລີກ). ກະລຸນາສະແກນລະຫັດ QR ຂອງຜູ້ຈັດອີກຄັ້ງ."}),
    "app_user_exists": (409, {"en": "There is already an app user called {name}.",
                              "lo": "ມີຜູ້ໃຊ້ແອັບຊື່ {name} ແລ້ວ."}),
    "instance_not_xml": (400, {"en": "The form sent is not an XML document this server can read.",
                               "lo": "ແບບຟອມທີ່ສົ່ງມາບໍ່ແມ່ນເອກະສານ XML ທີ່ເຊີບເວີນີ້ອ່ານໄດ້."}),
    "instance_missing": (400, {"en": "The request holds no form (the xml_submission_file part is missing).",
                               "lo": "ຄຳຮ້ອງຂໍບໍ່ມີແບບຟອມ (ບໍ່ມີສ່ວນ xml_submission_file)."}),
    "instance_id_missing": (400, {"en": "The form has no instance ID (meta/instanceID), so it could be stored twice. "
                                        "Download the form again from this server and fill it anew.",
                                  "lo": "ແບບຟອມບໍ່ມີລະຫັດ (meta/instanceID) ຈຶ່ງອາດຖືກບັນທຶກສອງເທື່ອ. "
                                        "ກະລຸນາດາວໂຫຼດແບບຟອມຈາກເຊີບເວີນີ້ອີກຄັ້ງ ແລ້ວຕື່ມໃໝ່."}),
    "form_not_offered": (404, {"en": "Form {form_id} is not offered to this app.",
                               "lo": "ແບບຟອມ {form_id} ບໍ່ໄດ້ເປີດໃຫ້ແອັບນີ້."}),
    "link_ambiguous": (409, {"en": "Form {form_id} is open at several events of this app's SWG. Ask the organisers "
                                   "to close the others or to give you an app user for one event.",
                             "lo": "ແບບຟອມ {form_id} ເປີດຢູ່ຫຼາຍກິດຈະກຳຂອງ SWG ນີ້. ກະລຸນາຂໍໃຫ້ຜູ້ຈັດປິດອັນອື່ນ "
                                   "ຫຼື ມອບຜູ້ໃຊ້ແອັບສຳລັບກິດຈະກຳດຽວ."}),
    "attachment_conflict": (409, {"en": "The file {name} was already received with other content. Nothing was changed.",
                                  "lo": "ໄດ້ຮັບໄຟລ໌ {name} ແລ້ວ ແຕ່ເນື້ອໃນຕ່າງກັນ. ບໍ່ມີຫຍັງຖືກປ່ຽນແປງ."}),
    "edit_unknown": (404, {"en": "The form this edit replaces was never received here.",
                           "lo": "ແບບຟອມທີ່ການແກ້ໄຂນີ້ແທນ ບໍ່ເຄີຍໄດ້ຮັບຢູ່ທີ່ນີ້."}),
    "edit_stale": (409, {"en": "This edit replaces a version of the form that has been edited since. Nothing was changed.",
                         "lo": "ການແກ້ໄຂນີ້ແທນສະບັບຂອງແບບຟອມທີ່ຖືກແກ້ໄຂໄປແລ້ວ. ບໍ່ມີຫຍັງຖືກປ່ຽນແປງ."}),
    "too_large": (413, {"en": "The request is too large.", "lo": "ຄຳຮ້ອງຂໍໃຫຍ່ເກີນໄປ."}),
    "method_not_allowed": (405, {"en": "This method is not allowed here.", "lo": "ບໍ່ອະນຸຍາດວິທີນີ້ຢູ່ທີ່ນີ້."}),
    "database_unavailable": (503, {"en": "The server cannot reach its database just now. Nothing was lost: "
                                         "try again in a minute.",
                                   "lo": "ເຊີບເວີບໍ່ສາມາດເຂົ້າເຖິງຖານຂໍ້ມູນໄດ້ໃນຕອນນີ້. ບໍ່ມີຫຍັງເສຍ: "
                                         "ກະລຸນາລອງໃໝ່ໃນອີກໜຶ່ງນາທີ."}),
    "odata_invalid_query": (400, {"en": "The OData query option {option} cannot be answered: see details.",
                                  "lo": "ບໍ່ສາມາດຕອບຕົວເລືອກການສອບຖາມ OData {option} ໄດ້: ເບິ່ງລາຍລະອຽດ."}),
    "odata_not_implemented": (501, {"en": "This feed does not implement the OData query option {option}: see details.",
                                    "lo": "ບໍລິການນີ້ບໍ່ຮອງຮັບຕົວເລືອກການສອບຖາມ OData {option}: ເບິ່ງລາຍລະອຽດ."}),
    "odata_set_not_found": (404, {"en": "This OData service has no entity set {name}.",
                                  "lo": "ບໍລິການ OData ນີ້ບໍ່ມີຊຸດຂໍ້ມູນ {name}."}),
    "internal": (500, {"en": "Something went wrong on the server.", "lo": "ເກີດຂໍ້ຜິດພາດຢູ່ເຊີບເວີ."}),
}


class Problem(Exception):
    """A named error; ``values`` fill the message template, ``details`` go to the client as is."""

    def __init__(self, code: str, details: dict | None = None, *, retry_after: int | None = None, **values):
        super().__init__(code)
        self.code = code
        self.status = ERRORS[code][0]
        self.details = details or {}
        #: Seconds a client should wait before trying again (429), when the rule knows.
        self.retry_after = retry_after
        self.values = values

    def message(self, language: str) -> str:
        texts = ERRORS[self.code][1]
        return (texts.get(language) or texts["en"]).format(**self.values)
