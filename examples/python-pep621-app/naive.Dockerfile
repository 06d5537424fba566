# What a beginner writes: one stage, the whole toolchain, running as root.
FROM python:3.14
WORKDIR /app
COPY . .
RUN pip install "fastapi[standard]==0.115.6"
EXPOSE 8000
CMD ["uvicorn", "main:app", "--host", "0.0.0.0"]
