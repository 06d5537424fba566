# What people write first: the whole monorepo, every dependency, as root.
FROM node:26
WORKDIR /app
COPY . .
RUN npm install -g pnpm@9.15.0 && pnpm install --frozen-lockfile && pnpm --filter web build
WORKDIR /app/apps/web
CMD ["npx", "next", "start"]
