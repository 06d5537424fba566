const http = require("http");
const { greet } = require("@acme/shared");

http.createServer((req, res) => res.end(greet("web"))).listen(process.env.PORT || 3001);
