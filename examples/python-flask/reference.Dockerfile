# What a careful engineer writes by hand: two stages on the slim base, a pip
# cache mount, dependencies before the source, a non-root user.
FROM python:3.11-slim-trixie AS build
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
COPY requirements.txt /tmp/requirements.txt
RUN --mount=type=cache,target=/root/.cache/pip pip install -r /tmp/requirements.txt

FROM python:3.11-slim-trixie
RUN useradd --system --uid 10001 --no-create-home app
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY . .
USER 10001
EXPOSE 8000
CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
