# What a careful engineer writes by hand: Poetry in the build stage only,
# the main dependencies into a venv from a cache mount before the source,
# static files collected at build time, a slim runtime, a non-root user.
FROM python:3.11-slim-trixie AS build
RUN --mount=type=cache,target=/root/.cache/pip pip install poetry==2.5.1
RUN python -m venv /opt/venv
# Poetry's requests trusts the system's CA store (this network's TLS-inspecting proxy is in it).
ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH POETRY_VIRTUALENVS_CREATE=false \
    REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
WORKDIR /app
COPY pyproject.toml poetry.lock ./
RUN --mount=type=cache,target=/root/.cache/pypoetry poetry install --only main --no-root --no-interaction
COPY . .
RUN python manage.py collectstatic --noinput

FROM python:3.11-slim-trixie
RUN useradd --system --uid 10001 --no-create-home app
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
USER 10001
EXPOSE 8000
CMD ["gunicorn", "mysite.wsgi", "--bind", "0.0.0.0:8000"]
