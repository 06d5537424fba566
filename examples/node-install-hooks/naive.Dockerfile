# What a beginner writes: one stage, every dependency and the whole toolchain, running as root.
FROM node:24
WORKDIR /app
COPY . .
RUN npm install -g pnpm@9.15.0 && pnpm install
EXPOSE 3000
CMD ["node", "server.js"]
