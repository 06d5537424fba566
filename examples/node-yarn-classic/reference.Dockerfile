# What a careful engineer writes by hand: production dependencies from
# yarn.lock with yarn's cache mounted, before the source; the slim base
# (whose image already carries yarn 1); the image's `node` user.
FROM node:20-trixie-slim AS deps
WORKDIR /app
COPY package.json yarn.lock ./
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --production --frozen-lockfile

FROM node:20-trixie-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
EXPOSE 3000
CMD ["node", "index.js"]
