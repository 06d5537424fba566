# What a beginner writes: one stage, every dependency and the whole toolchain, running as root.
FROM node:24
WORKDIR /app
COPY . .
RUN npm install && npm run build
EXPOSE 4173
CMD ["npx", "vite", "preview", "--host"]
