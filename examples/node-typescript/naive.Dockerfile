# What a beginner writes: one stage, every dependency and the whole toolchain, running as root.
FROM node:18
WORKDIR /app
COPY . .
RUN npm install && npm run build
EXPOSE 8081
CMD ["npm", "start"]
