# What a beginner writes: one stage, every dependency and the whole toolchain, running as root.
FROM node:20
WORKDIR /app
COPY . .
RUN yarn install
EXPOSE 3000
CMD ["yarn", "start"]
