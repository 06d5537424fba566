"""FastAPI on a lock whose binary package (psycopg-binary) stops at 3.13."""
import os
import sys

import psycopg
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index():
    return {
        "message": "hello from python %d.%d with psycopg %s" % (sys.version_info[0], sys.version_info[1], psycopg.__version__),
        "uid": os.getuid(),
    }
