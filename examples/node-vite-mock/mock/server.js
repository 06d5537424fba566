// A development mock API; `npm run mock`. Never part of the production image.
import express from "express";
const app = express();
app.get("/api/greeting", (_req, res) => res.json({ greeting: "hello from the mock" }));
app.listen(3001, () => console.log("mock api on 3001"));
