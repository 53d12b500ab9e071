"""The question types the project supports, named as XLSForm names them."""

INPUT_TYPES = frozenset(
    {
        "text", "integer", "decimal", "select_one", "select_multiple", "rank", "range",
        "date", "time", "datetime", "acknowledge", "geopoint", "image", "file",
    }
)
COMPUTED_TYPES = frozenset({"calculate", "hidden"})
METADATA_TYPES = frozenset({"start", "end", "today", "deviceid", "username", "phonenumber", "audit"})
STRUCTURE_TYPES = frozenset({"group", "repeat", "note"})

SUPPORTED_TYPES = INPUT_TYPES | COMPUTED_TYPES | METADATA_TYPES | STRUCTURE_TYPES
