Bun.serve({ port: 4001, fetch: () => new Response("admin") });
