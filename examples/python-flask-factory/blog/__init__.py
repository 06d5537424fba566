"""An app factory, as the Flask tutorial writes it: no module-level app
object, so servers call create_app() (gunicorn 'blog:create_app()')."""
import os

from flask import Flask


def create_app(test_config=None):
    app = Flask(__name__)
    app.config.from_mapping(GREETING="hello from an app factory")
    if test_config:
        app.config.update(test_config)

    from . import views

    app.register_blueprint(views.bp)
    return app
