from fastapi import FastAPI

from app.routers import greetings


def create_app() -> FastAPI:
    """The application factory: the app is assembled here from routers kept
    in other modules, and `uvicorn --factory app.main:create_app` serves it."""
    application = FastAPI(title="factory")
    application.include_router(greetings.router)
    return application
