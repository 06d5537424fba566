const express = require("express");
const app = express();
app.get("/", (req, res) => res.send("hello from pnpm\n"));
app.listen(4000, "0.0.0.0");
