require("http").createServer((req, res) => res.end("docs")).listen(process.env.PORT || 3001);
