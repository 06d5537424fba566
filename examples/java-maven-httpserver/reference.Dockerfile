# What a careful engineer writes by hand: the POM's plugins and dependencies
# fetched into a cache mount before the sources, the JRE alone at run time,
# a non-root user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /app
COPY pom.xml .
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp dependency:go-offline
COPY src ./src
RUN --mount=type=cache,target=/root/.m2 mvn -B -ntp package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --no-create-home app
COPY --from=build /app/target/hello-1.0.0.jar /app/app.jar
USER 10001
EXPOSE 8080
CMD ["java", "-jar", "/app/app.jar"]
