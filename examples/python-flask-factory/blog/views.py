import os

from flask import Blueprint, current_app

bp = Blueprint("views", __name__)


@bp.get("/")
def index():
    return f"{current_app.config['GREETING']} (uid {os.getuid()})\n"
