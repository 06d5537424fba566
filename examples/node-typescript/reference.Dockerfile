# What a careful engineer writes by hand: every dependency to compile, then
# `npm prune` to the production ones; only package.json, node_modules and
# dist reach the slim runtime, which runs as the image's `node` user.
FROM node:18-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:18-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
EXPOSE 8081
CMD ["node", "dist/server.js"]
