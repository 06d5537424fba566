# The single-stage Dockerfile people often write first: the whole JDK,
# Maven and its repository ship in the image, and it runs as root.
FROM maven:3.9-eclipse-temurin-17
WORKDIR /app
COPY . .
RUN mvn -B package -DskipTests
EXPOSE 8080
CMD ["java", "-jar", "target/hello-1.0.0.jar"]
