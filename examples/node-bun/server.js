// Dependencies installed by bun from bun.lock; the server runs on node.
const http = require("node:http");
const ms = require("ms");
http
  .createServer((req, res) => res.end(`hello from bun-installed deps (${ms(60000)})\n`))
  .listen(process.env.PORT || 3000);
