"""Form definitions: the canonical model, its JSON schema, XLSForm import, expressions and
submission validation. Imports neither Flask nor the database, so it runs anywhere."""
from .definition import Choice, FormDefinition, Question, text_in
from .schema import dump_definition, load_definition

__all__ = ["Choice", "FormDefinition", "Question", "text_in", "dump_definition", "load_definition"]
