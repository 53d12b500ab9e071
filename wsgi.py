"""The application object for gunicorn (``gunicorn wsgi:app``) and ``flask --app wsgi``."""
from collect import create_app

app = create_app()
