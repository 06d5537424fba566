# What a careful engineer writes by hand, after pnpm's Docker guide: pnpm
# (the version package.json names), production dependencies from the store
# cache before the source, the slim base, the image's `node` user.
FROM node:26-trixie-slim AS deps
RUN npm install -g pnpm@9.15.0
WORKDIR /app
COPY package.json pnpm-lock.yaml ./
RUN --mount=type=cache,target=/root/.local/share/pnpm/store pnpm install --prod --frozen-lockfile

FROM node:26-trixie-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
EXPOSE 4000
CMD ["node", "app.js"]
