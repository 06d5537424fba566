using Shop.Core;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHealthChecks();
builder.Services.AddSingleton<Catalog>();

var app = builder.Build();

app.MapHealthChecks("/healthz");
app.MapGet("/", (Catalog catalog) => $"hello from the shop: {catalog.Count} products, {catalog.Total:C}");

app.Run();
