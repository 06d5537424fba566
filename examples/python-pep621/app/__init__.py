"""A PEP 621 package: installed into the venv with its dependencies."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return "hello from a pep 621 package\n"
