import sys

import psycopg
from django.http import HttpResponse
from django.urls import path


def index(request):
    # psycopg's binary build loads its own libpq: the pinned wheel installed.
    python = ".".join(map(str, sys.version_info[:2]))
    return HttpResponse(f"hello from pinned django on python {python}, psycopg {psycopg.__version__} ({psycopg.pq.__impl__})\n")


urlpatterns = [path("", index)]
