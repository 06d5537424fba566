import express from "express";
import { line } from "@bun-shop/format";

const app = express();
app.get("/", (req, res) => res.send(line("api")));
app.listen(Number(process.env.PORT ?? 4000));
