# What a beginner writes: one stage, the whole toolchain, running as root.
FROM python:3.11
WORKDIR /app
COPY . .
RUN pip install django==5.1.4 gunicorn==23.0.0
EXPOSE 8000
CMD ["gunicorn", "mysite.wsgi", "--bind", "0.0.0.0:8000"]
