const Koa = require("koa");
const app = new Koa();
app.use((ctx) => {
  ctx.body = "hello from yarn classic (koa)\n";
});
app.listen(process.env.PORT || 3000);
