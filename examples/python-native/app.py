"""psycopg2 builds from source against libpq: build packages in the builder, libpq5 at run time."""
import psycopg2
from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return f"hello from psycopg2 {psycopg2.__version__.split()[0]} (libpq {psycopg2.__libpq_version__})\n"
