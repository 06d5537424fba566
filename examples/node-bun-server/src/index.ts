// A Bun server (Hono on Bun.serve): Bun is the runtime, not only the installer.
import { Hono } from "hono";

const app = new Hono();
app.get("/", (c) => c.text(`hello from bun ${Bun.version} (uid ${process.getuid?.()})\n`));

const port = Number(process.env.PORT) || 3000;
Bun.serve({ port, fetch: app.fetch });
console.log(`listening on ${port}`);
