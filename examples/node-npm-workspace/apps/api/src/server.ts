import express from "express";
import { price } from "@shop/utils";

const app = express();
app.get("/", (_req, res) => {
  res.send(`npm workspace api: a coffee costs ${price(350)}`);
});
app.listen(Number(process.env.PORT ?? 8080), () => console.log("api up"));
