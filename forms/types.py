"""The question types of the canonical model, named as XLSForm (pyxform) names them.

An XLSForm type is one of these, or one of pyxform's aliases of them (``gps``,
``q int``, ``start time`` …): ``forms.xlsform`` maps an alias to the type whose XForm it
produces, so that list lives in pyxform alone. What the web cannot know about a device
(its id, SIM, phone number, the signed-in user's email …) is metadata stored empty.
"""

INPUT_TYPES = frozenset(
    {
        "text", "integer", "decimal", "select_one", "select_multiple", "rank", "range",
        "date", "time", "datetime", "acknowledge", "geopoint", "geotrace", "geoshape",
        "barcode", "image", "audio", "video", "file",
    }
)
COMPUTED_TYPES = frozenset({"calculate", "hidden"})
#: Metadata the server or the page knows: when the form was started, finished, sent.
KNOWN_METADATA_TYPES = frozenset({"start", "end", "today"})
#: Metadata of the device that a web page cannot read: kept in the model and the exports,
#: always stored empty.
DEVICE_METADATA_TYPES = frozenset(
    {
        "deviceid", "username", "phonenumber", "email", "simserial", "subscriberid", "audit",
        "start-geopoint", "background-audio", "background-geopoint",
    }
)
METADATA_TYPES = KNOWN_METADATA_TYPES | DEVICE_METADATA_TYPES
STRUCTURE_TYPES = frozenset({"group", "repeat", "note"})
#: Types whose answers are names of choices.
SELECT_TYPES = frozenset({"select_one", "select_multiple", "rank"})
#: Types whose answer is a file sent with the submission.
UPLOAD_TYPES = frozenset({"image", "audio", "video", "file"})

SUPPORTED_TYPES = INPUT_TYPES | COMPUTED_TYPES | METADATA_TYPES | STRUCTURE_TYPES
