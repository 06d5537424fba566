# What people write first: the whole workspace, every dependency, as root.
FROM oven/bun:1
WORKDIR /app
COPY . .
RUN bun install --frozen-lockfile
WORKDIR /app/services/api
CMD ["bun", "server.ts"]
