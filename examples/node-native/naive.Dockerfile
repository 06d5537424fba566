# What a beginner writes: one stage, every dependency and the whole toolchain, running as root.
# (The real node:24 image ships python3, make and g++; the stand-in used here does not.)
FROM node:24
WORKDIR /app
COPY . .
RUN apt-get update && apt-get install -y python3 make g++ && npm install
EXPOSE 3000
CMD ["npm", "start"]
