const http = require("http");
http.createServer((req, res) => res.end("worker")).listen(process.env.PORT || 9000);
