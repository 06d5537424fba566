plugins {
    application
}

repositories {
    mavenCentral()
}

dependencies {
    implementation(project(":utilities"))
}

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(21)
    }
}

application {
    mainClass = "org.example.app.App"
}
