"""The OData 4.0 feed of each form, ``/api/v1/forms/<id>.svc``, for Excel's and Power BI's
OData connectors (and any OData client: pandas, R, Tableau).

A connector signs in with HTTP Basic — the account's e-mail and one of its API tokens as
the password — or a bearer token; the reader's permissions are those of every export
(``collect/services/odata.py``). ``language`` (``lo``, ``en``) and ``choices`` (``labels``,
``codes``) may be added to the service's address, as for the other exports; the links the
feed gives keep them. Errors have OData's shape (``{"error": {"code", "message",
"details"}}``) with the ``OData-Version`` header, and a 401 asks for Basic credentials so
that a connector prompts for them.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, Response, jsonify, request, url_for
from marshmallow import ValidationError

from ..problems import Problem
from ..services import odata
from ..services.odata_query import parse_query
from .auth import current_user, login_required
from .language import select_language
from .schemas.queries import FeedOptionsSchema

bp = Blueprint("odata", __name__, url_prefix="/api/v1")

#: Rows in one page of an entity set.
PAGE_SIZE = 1000
HEADERS = {"OData-Version": "4.0", "Cache-Control": "private, no-store"}
JSON_TYPE = "application/json;odata.metadata=minimal;charset=utf-8"


@bp.errorhandler(Problem)
def _problem(problem: Problem):
    """A problem in OData's error shape; ``details`` is a list there."""
    if "reason" in problem.details:
        details = [{"code": problem.code, "target": problem.details["option"], "message": problem.details["reason"]}]
    else:
        details = [{"code": problem.code, "target": key, "message": str(value)} for key, value in problem.details.items()]
    body = {"error": {"code": problem.code, "message": problem.message(select_language()), "details": details}}
    headers = dict(HEADERS)
    if problem.status == 401:
        headers["WWW-Authenticate"] = 'Basic realm="collect", charset="UTF-8"'
    return jsonify(body), problem.status, headers


def _feed(form_id: int) -> odata.Feed:
    try:
        options = FeedOptionsSchema().load(_own_options())
    except ValidationError as error:
        raise Problem("invalid_request", details={"fields": error.messages}) from None
    return odata.feed_for(form_id, current_user(), options["language"], options["choices"])


def _base(form_id: int) -> str:
    return url_for("odata.service", form_id=form_id, _external=True).rstrip("/") + "/"


def _own_options() -> dict:
    return {k: v for k, v in request.args.items() if not k.startswith("$")}


@bp.get("/forms/<int:form_id>.svc")
@bp.get("/forms/<int:form_id>.svc/")
@login_required()
def service(form_id: int):
    """The service document: the entity sets. Raises form_not_found, forbidden."""
    body = odata.service_document(_feed(form_id), _base(form_id))
    return jsonify(body), 200, {**HEADERS, "Content-Type": JSON_TYPE}


@bp.get("/forms/<int:form_id>.svc/$metadata")
@login_required()
def metadata(form_id: int):
    """The CSDL of the service, as XML. Raises form_not_found, forbidden."""
    return Response(odata.metadata(_feed(form_id)), mimetype="application/xml", headers=HEADERS)


@bp.get("/forms/<int:form_id>.svc/<set_name>")
@login_required()
def entity_set(form_id: int, set_name: str):
    """A page of an entity set, with ``$top``, ``$skip``, ``$count``, ``$select``, ``$filter``
    and the server's paging. Raises form_not_found, forbidden, odata_set_not_found,
    odata_invalid_query, odata_not_implemented."""
    feed = _feed(form_id)
    found = feed.entity_set(set_name)
    query = parse_query(request.args.to_dict(), found.property_names)
    base = _base(form_id)

    def next_link(resume: tuple[int, int], top_left: int | None) -> str:
        args = {**_own_options(), **{k: request.args[k] for k in ("$filter", "$select", "$count") if k in request.args},
                "$skiptoken": f"{resume[0]}-{resume[1]}"}
        if top_left is not None:
            args["$top"] = str(top_left)
        return f"{base}{set_name}?{urlencode(args)}"

    body = odata.page(feed, found, query, PAGE_SIZE, next_link, f"{base}$metadata#{set_name}")
    return Response(body, headers={**HEADERS, "Content-Type": JSON_TYPE})


@bp.get("/forms/<int:form_id>.svc/<set_name>/$count")
@login_required()
def entity_count(form_id: int, set_name: str):
    """How many entities of the set pass ``$filter``, as plain text. Raises as
    ``entity_set`` does."""
    feed = _feed(form_id)
    found = feed.entity_set(set_name)
    query = parse_query({k: v for k, v in request.args.items() if k in ("$filter", "$format")}, found.property_names)
    count = odata.count_rows(feed, found, query)
    return Response(str(count), mimetype="text/plain", headers=HEADERS)
