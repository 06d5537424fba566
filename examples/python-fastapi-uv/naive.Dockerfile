# What a beginner writes: one stage, the whole toolchain, running as root.
FROM python:3.11
WORKDIR /app
COPY . .
RUN pip install fastapi==0.115.6 uvicorn==0.34.0
EXPOSE 8000
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0"]
