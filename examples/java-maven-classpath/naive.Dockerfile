FROM maven:3.9-eclipse-temurin-17
WORKDIR /app
COPY . .
RUN mvn -B package dependency:copy-dependencies -DskipTests
EXPOSE 8080
CMD ["java", "-cp", "target/words-0.3.0-SNAPSHOT.jar:target/dependency/*", "org.acme.words.WordsServer"]
