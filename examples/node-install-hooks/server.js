// The answer depends on patches/ms+2.1.3.patch, which package.json's
// postinstall (patch-package) applies to node_modules: an image built
// without the hook, or whose production node_modules lost it, says "unpatched".
const http = require("http");
const ms = require("ms");

const port = Number(process.env.PORT || 3000);
http
  .createServer((req, res) => {
    const uid = typeof process.getuid === "function" ? process.getuid() : "?";
    res.end(`hello from install-hooks (${ms.patched ? "patched" : "unpatched"}, ${ms(60000)}, uid ${uid})\n`);
  })
  .listen(port, "0.0.0.0");
