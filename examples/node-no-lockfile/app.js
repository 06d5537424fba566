const express = require("express");
const app = express();
app.get("/", (req, res) => res.send("hello without a lockfile\n"));
app.listen(process.env.PORT || 3000);
