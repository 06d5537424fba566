# What people write first: the whole workspace, every dependency, as root.
FROM node:26
WORKDIR /app
COPY . .
RUN corepack enable && yarn install --immutable
WORKDIR /app/services/api
CMD ["node", "server.js"]
