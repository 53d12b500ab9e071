"""The XForm of a form version, made by pyxform from the XLSForm exactly as uploaded.

ODK Collect and KoboCollect download forms as XForms (the ODK XForms specification).
collect never writes one by hand: pyxform, the reference converter, turns the stored
workbook into one when the version is published, and the XForm is kept with the version,
so that a device gets the very same document — and the same ``md5:`` hash in the form
list — for as long as the version lives, whichever pyxform release the server runs later.
The workbook is read as ``forms.xlsform`` reads it, so a form without a form_id gets the
same name in the XForm's instance (``id``) as in collect. pyxform is imported only when
an XForm is made: the web workers that serve forms to devices only read the stored one.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

#: The file name a version's XForm is kept under, and that of its external choices.
XFORM_NAME = "form.xml"
ITEMSETS_NAME = "itemsets.csv"


class XFormError(ValueError):
    """pyxform could not make an XForm of the workbook; the message says why."""


@dataclass(frozen=True)
class XForm:
    xml: str
    #: The CSV of the form's external_choices sheet, which devices download with it.
    itemsets: str | None


def xform_of(data: bytes, filename: str) -> XForm:
    """The XForm pyxform makes of the XLSForm ``data`` (uploaded as ``filename``).
    Raises XFormError."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    from .xlsform import XLSFormError, read_workbook

    try:
        workbook = read_workbook(data, filename)
        result = convert(xlsform=dataclasses.asdict(workbook), warnings=[])
    except (XLSFormError, PyXFormError) as problem:
        raise XFormError(str(problem)) from None
    except (AttributeError, TypeError, ValueError, KeyError) as problem:
        # pyxform reads some workbooks it cannot write as XForms (a translated form_title,
        # say) and then fails inside its XML writer: the form still works on the web.
        raise XFormError(f"pyxform cannot write this form as an XForm ({type(problem).__name__})") from None
    return XForm(result.xform, result.itemsets)
