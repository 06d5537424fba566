# What people write first: the whole workspace, every dependency, as root.
FROM node:26
WORKDIR /app
COPY . .
RUN npm install -g --force yarn@1.22.22 && yarn install --frozen-lockfile
WORKDIR /app/services/api
CMD ["node", "server.js"]
