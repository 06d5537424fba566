from flask import Flask

app = Flask(__name__)


@app.get("/")
def index():
    return '<link rel="stylesheet" href="/static/dist/site.css"><h1>hello from flask with npm-built css</h1>'


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
