"""FastAPI with fastapi[standard], which already brings uvicorn."""
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index():
    return {"message": "hello from a PEP 621 app without a build backend", "uid": os.getuid()}
