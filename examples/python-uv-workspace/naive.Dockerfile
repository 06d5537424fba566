# What people write first: the whole workspace, every member, as root.
FROM python:3.12
WORKDIR /app
COPY . .
# (The stand-in's registry proxy signs with a local CA: uv is told to use the system store.)
RUN pip install uv==0.13.9 && UV_NATIVE_TLS=1 UV_PYTHON_DOWNLOADS=never uv sync --frozen --all-packages --python python3
WORKDIR /app/apps/api
CMD ["/app/.venv/bin/uvicorn", "api.main:app", "--host", "0.0.0.0", "--app-dir", "src"]
