"""Flask locked by Pipenv; it has no production server, so dockgen adds gunicorn."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "hello from pipenv\n"
