"""FastAPI managed by uv; the app object lives in app/main.py."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def index() -> dict:
    return {"message": "hello from fastapi with uv"}
