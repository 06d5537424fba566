# What a careful engineer writes by hand, after uv's Docker guide: uv from
# PyPI, the locked dependencies from a cache mount before the source, the
# venv alone copied to a slim runtime, a non-root user.
FROM python:3.11-slim-trixie AS build
RUN --mount=type=cache,target=/root/.cache/pip pip install uv==0.13.9
# uv trusts the system's CA store (this network's TLS-inspecting proxy is in it).
ENV UV_PROJECT_ENVIRONMENT=/opt/venv UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1 UV_PYTHON_DOWNLOADS=never UV_NATIVE_TLS=1
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --locked --no-dev --no-install-project

FROM python:3.11-slim-trixie
RUN useradd --system --uid 10001 --no-create-home app
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . .
USER 10001
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]
