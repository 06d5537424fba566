# What a beginner writes: one stage, the whole toolchain, running as root.
FROM python:3.13
WORKDIR /app
COPY . .
RUN pip install uv && uv sync --locked
EXPOSE 8000
CMD [".venv/bin/uvicorn", "main:app", "--host", "0.0.0.0"]
