"""The application object for gunicorn (``gunicorn wsgi:app``) and ``flask --app wsgi``."""
import gc

from collect import create_app

app = create_app()
# What loading the app made lives as long as the process: frozen, it is no longer walked
# by every full garbage collection, which otherwise costs each request about a tenth.
gc.freeze()
