# What people write first: the whole workspace, every dependency, as root.
FROM node:26
WORKDIR /app
COPY . .
RUN npm install -g pnpm@9.15.0 && pnpm install --frozen-lockfile
WORKDIR /app/apps/api
CMD ["node", "server.js"]
