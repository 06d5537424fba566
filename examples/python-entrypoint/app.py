import os

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return f"hello from the entrypoint example (prepared: {os.environ.get('PREPARED', 'no')})"
