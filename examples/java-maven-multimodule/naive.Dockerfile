# What people write first: every module built, the JDK and Maven in the image.
FROM maven:3.9-eclipse-temurin-21
WORKDIR /src
COPY . .
RUN mvn -B package -DskipTests
CMD ["java", "-jar", "api/target/api-1.0.0.jar"]
