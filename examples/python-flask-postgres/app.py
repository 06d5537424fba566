"""Flask + PostgreSQL, for `dockgen init --db postgres`: the app reaches the
database by its compose service name; the password comes from the secret
file compose mounts, never from the environment."""
import os

from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return f"hello from flask-postgres (uid {os.getuid()})\n"


@app.get("/db")
def db():
    import psycopg

    with open(os.environ["DATABASE_PASSWORD_FILE"]) as f:
        password = f.read().strip()
    with psycopg.connect(os.environ["DATABASE_URL"], password=password, connect_timeout=5) as conn:
        one, user, database = conn.execute("select 1, current_user, current_database()").fetchone()
        host = conn.info.host
    return {"select": one, "user": user, "database": database, "host": host}
