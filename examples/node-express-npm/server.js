// Express with no start script, and "main" naming a file that does not exist:
// dockgen must find server.js, not run index.js.
const express = require("express");

const app = express();
app.get("/", (req, res) => {
  res.send(`hello from express-npm (uid ${process.getuid()}, NODE_ENV ${process.env.NODE_ENV})\n`);
});

const port = process.env.PORT || 3000;
app.listen(port, () => console.log(`listening on ${port}`));
