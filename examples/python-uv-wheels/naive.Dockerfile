# What a beginner writes: one stage, the whole toolchain, running as root.
FROM python:3.13
WORKDIR /app
COPY . .
RUN pip install "fastapi==0.115.6" "uvicorn==0.32.1" "psycopg[binary]==3.2.3"
EXPOSE 8000
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
