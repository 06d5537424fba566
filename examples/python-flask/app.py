"""Flask with requirements.txt; gunicorn is a dependency, so it serves the app."""
import os

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return f"hello from flask (uid {os.getuid()})\n"
