"""One error type for the whole application and one way of putting it on the wire.

A view raises ``AppError("form_not_found", ...)``; the handler answers JSON for the API
(``{"error": {"code", "message", "details"}}``) and a bilingual HTML page elsewhere. Each
code has an HTTP status and a message in every language of the project.
"""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import get_locale
from werkzeug.exceptions import HTTPException

#: code → (HTTP status, {language: message template})
ERRORS: dict[str, tuple[int, dict[str, str]]] = {
    "unauthorised": (401, {"en": "Sign in or send an API token.", "lo": "ກະລຸນາເຂົ້າສູ່ລະບົບ ຫຼື ສົ່ງລະຫັດ API."}),
    "forbidden": (403, {"en": "Your role may not do this.", "lo": "ບົດບາດຂອງທ່ານບໍ່ອະນຸຍາດໃຫ້ເຮັດສິ່ງນີ້."}),
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
    "unknown_province": (400, {"en": "{province} is not a province code of Lao PDR (ISO 3166-2:LA).",
                               "lo": "{province} ບໍ່ແມ່ນລະຫັດແຂວງຂອງ ສປປ ລາວ (ISO 3166-2:LA)."}),
    "export_not_found": (404, {"en": "There is no such export (it may have expired).",
                               "lo": "ບໍ່ມີການສົ່ງອອກນີ້ (ອາດໝົດອາຍຸແລ້ວ)."}),
    "export_not_ready": (409, {"en": "The export is not finished yet.", "lo": "ການສົ່ງອອກຍັງບໍ່ແລ້ວ."}),
    "response_not_found": (404, {"en": "There is no such response.", "lo": "ບໍ່ມີຄຳຕອບນີ້."}),
    "uuid_conflict": (409, {"en": "This response id was already used for another form.",
                            "lo": "ລະຫັດຄຳຕອບນີ້ຖືກໃຊ້ກັບແບບຟອມອື່ນແລ້ວ."}),
    "too_large": (413, {"en": "The request is too large.", "lo": "ຄຳຮ້ອງຂໍໃຫຍ່ເກີນໄປ."}),
    "method_not_allowed": (405, {"en": "This method is not allowed here.", "lo": "ບໍ່ອະນຸຍາດວິທີນີ້ຢູ່ທີ່ນີ້."}),
    "database_unavailable": (503, {"en": "The database is unavailable.", "lo": "ຖານຂໍ້ມູນບໍ່ພ້ອມໃຊ້ງານ."}),
    "internal": (500, {"en": "Something went wrong on the server.", "lo": "ເກີດຂໍ້ຜິດພາດຢູ່ເຊີບເວີ."}),
}

#: werkzeug's HTTP errors that reach the handler, mapped to our codes.
HTTP_CODES = {400: "invalid_request", 401: "unauthorised", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 413: "too_large", 422: "invalid_request"}


def _field_errors(exc: HTTPException) -> dict:
    """The field errors webargs attached to a request it could not parse, all locations merged."""
    messages = (getattr(exc, "data", None) or {}).get("messages") or {}
    fields = {name: problem for by_field in messages.values() for name, problem in by_field.items()}
    return {"fields": fields} if fields else {}


class AppError(Exception):
    """A named error; ``values`` fill the message template, ``details`` go to the client as is."""

    def __init__(self, code: str, details: dict | None = None, **values):
        super().__init__(code)
        self.code = code
        self.status = ERRORS[code][0]
        self.details = details or {}
        self.values = values

    def message(self, language: str) -> str:
        texts = ERRORS[self.code][1]
        return (texts.get(language) or texts["en"]).format(**self.values)


def wants_json() -> bool:
    if request.path.startswith("/api/") or request.is_json:
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def render_error(error: AppError):
    language = str(get_locale() or "lo")
    if wants_json():
        body = {"error": {"code": error.code, "message": error.message(language), "details": error.details}}
        return jsonify(body), error.status
    page = render_template("message.html", error=error, status=error.status)
    return page, error.status


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(AppError, render_error)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        return render_error(AppError(HTTP_CODES.get(exc.code, "invalid_request"), details=_field_errors(exc)))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("Unhandled error")
        return render_error(AppError("internal"))
