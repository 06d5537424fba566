FROM gradle:8-jdk17
WORKDIR /app
COPY . .
RUN gradle bootJar --no-daemon
EXPOSE 8082
CMD ["java", "-jar", "build/libs/greeter-0.0.1-SNAPSHOT.jar"]
