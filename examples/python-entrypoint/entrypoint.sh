#!/bin/sh
# The project's own start: prepare (a migration in a real app), then serve.
set -e
python prepare.py
export PREPARED=yes
exec gunicorn app:app --bind 0.0.0.0:${PORT:-8000} --workers 2
