require("http").createServer((req, res) => res.end("admin")).listen(4001);
