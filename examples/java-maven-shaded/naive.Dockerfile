FROM maven:3.9-eclipse-temurin-17
WORKDIR /app
COPY . .
RUN mvn -B package -DskipTests
EXPOSE 9090
CMD ["java", "-jar", "target/shout.jar"]
