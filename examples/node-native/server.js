// bcrypt is a native addon compiled by node-gyp: the builder needs a C++ toolchain.
const http = require("node:http");
const bcrypt = require("bcrypt");

const hash = bcrypt.hashSync("dockgen", 4);
http
  .createServer((req, res) => res.end(`hello from a native addon (bcrypt ok: ${bcrypt.compareSync("dockgen", hash)})\n`))
  .listen(process.env.PORT || 3000);
