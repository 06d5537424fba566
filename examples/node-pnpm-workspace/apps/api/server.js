const express = require("express");
const { greet } = require("@acme/shared");

const app = express();
app.get("/", (req, res) => res.send(greet("pnpm workspace api")));
app.listen(process.env.PORT || 3000, () => console.log("api listening"));
