FROM gradle:8-jdk17
WORKDIR /app
COPY . .
RUN gradle installDist --no-daemon
EXPOSE 8080
CMD ["build/install/hello-gradle/bin/hello-gradle"]
