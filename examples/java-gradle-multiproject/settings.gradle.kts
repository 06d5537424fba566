// The layout `gradle init` writes for an application split into subprojects.
plugins {
    // Apply the foojay-resolver plugin to allow automatic download of JDKs
    id("org.gradle.toolchains.foojay-resolver-convention") version "0.10.0"
}

rootProject.name = "demo"
include("app", "utilities", "admin")
