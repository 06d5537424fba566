const express = require("express");
const { line } = require("@yarn-shop/format");

const app = express();
app.get("/", (req, res) => res.send(line("api")));
app.listen(process.env.PORT || 4000);
