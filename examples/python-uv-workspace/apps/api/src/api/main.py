from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from greeting import Greeting

app = FastAPI()


@app.get("/", response_class=PlainTextResponse)
def index() -> str:
    return Greeting(who="api").text()
