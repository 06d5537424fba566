# What people write first: the whole build, the JDK and Gradle in the image.
FROM gradle:8-jdk21
WORKDIR /src
COPY . .
RUN gradle :app:installDist --no-daemon
CMD ["app/build/install/app/bin/app"]
