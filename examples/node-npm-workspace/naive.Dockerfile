# What people write first: the whole workspace, every dependency, as root.
FROM node:26
WORKDIR /app
COPY . .
RUN npm ci && npm run build --workspace packages/utils && npm run build --workspace apps/api
WORKDIR /app/apps/api
CMD ["node", "dist/server.js"]
