"""The WSGI entry point for gunicorn: ``gunicorn -c web/gunicorn.conf.py web.wsgi:app``."""

from newsarchive.settings import Settings
from web import create_app

app = create_app(Settings.from_env(), warm_new_index=True)
