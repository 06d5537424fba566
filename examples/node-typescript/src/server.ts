// A TypeScript server compiled to dist/ by `npm run build`.
import http from "node:http";
import ms from "ms";

const started = Date.now();
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.end(`hello from typescript (up ${ms(Date.now() - started)})\n`);
});

server.listen(8081, () => console.log("listening on 8081"));
