FROM maven:3.9-eclipse-temurin-21
WORKDIR /app
COPY . .
RUN mvn -B package -DskipTests
EXPOSE 8081
CMD ["java", "-jar", "target/demo-0.0.1-SNAPSHOT.jar"]
