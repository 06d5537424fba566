"""A Flask app built under an organisation's rules (.dockgen/): its root CA
trusted in every stage, its labels on the image."""
import os

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return f"hello from corp flask (uid {os.getuid()})\n"
