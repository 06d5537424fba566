//! Reads Gradle build scripts (Groovy or Kotlin DSL) as text. Gradle scripts
//! are programs, so this only recognises the common declarative forms and
//! never runs anything; what it cannot read is reported, not guessed.

use regex_lite::Regex;
use std::sync::LazyLock;

/// A build script with comments blanked out (strings kept).
#[derive(Debug, Clone, Default)]
pub struct Script {
    pub text: String,
}

/// Compiled once, on first use: only Gradle projects pay for them. regex-lite,
/// not regex: these run once over a few kB, where compiling 14 patterns with
/// regex cost about 2.5 ms of a 6.9 ms run (bench/whole-process.py).
static RE: LazyLock<Patterns> = LazyLock::new(Patterns::new);

struct Patterns {
    plugin_version: Regex,
    toolchain: Regex,
    compat: Regex,
    jvm_toolchain: Regex,
    jvm_target: Regex,
    main_class: Regex,
    manifest_main: Regex,
    version: Regex,
    root_name: Regex,
    include: Regex,
    quoted: Regex,
    archive: Regex,
    dependency: Regex,
    boot_classpath: Regex,
    ext_var: Regex,
}

impl Patterns {
    fn new() -> Self {
        let r = |s: &str| Regex::new(s).expect("dockgen bug: invalid built-in regex");
        Patterns {
            plugin_version: r(r#"id\s*\(?\s*["']([\w.\-]+)["']\s*\)?\s*version\s*\(?\s*["']([^"']+)["']"#),
            toolchain: r(r"JavaLanguageVersion\.of\(\s*(\d+)\s*\)"),
            compat: r(r#"(?m)\b(?:source|target)Compatibility\s*=\s*(?:JavaVersion\.VERSION_(\d+(?:_\d+)?)|["']?(\d+(?:\.\d+)?)["']?)"#),
            jvm_toolchain: r(r"jvmToolchain\s*\(\s*(\d+)\s*\)"),
            jvm_target: r(r#"jvmTarget(?:\s*=\s*|\.set\(\s*)(?:JvmTarget\.JVM_(\d+(?:_\d+)?)|["'](\d+(?:\.\d+)?)["'])"#),
            main_class: r(r#"\bmainClass(?:Name)?(?:\s*=\s*|\.set\(\s*)["']([^"']+)["']"#),
            manifest_main: r(r#"["']Main-Class["']\s*(?::|to|,)\s*["']([^"']+)["']"#),
            version: r(r#"(?m)^\s*(?:project\.)?version\s*=\s*["']([^"']+)["']"#),
            root_name: r(r#"rootProject\.name\s*=\s*["']([^"']+)["']"#),
            // The whole argument list: include("app", "lib") or include 'a', 'b'.
            include: r(r#"(?m)^\s*include\s*(\([^)]*\)|[ \t]+["'][^\n]*)"#),
            quoted: r(r#"["']([^"']+)["']"#),
            archive: r(r#"\b(archiveFileName|archiveBaseName|archiveVersion|archiveClassifier)(?:\s*=\s*|\.set\(\s*)["']([^"']*)["']"#),
            dependency: r(r"(?m)^\s*(?:implementation|api|runtimeOnly|compile|runtime)\s*[\(\s]"),
            boot_classpath: r(r#"org\.springframework\.boot:spring-boot-gradle-plugin:([^"'\s)]+)"#),
            ext_var: r(r#"(?m)\b(\w+)\s*=\s*["']([^"'$]+)["']"#),
        }
    }
}

/// Blanks `//` and `/* */` comments, keeping string contents (a URL's `//`).
pub fn strip_comments(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < b.len() {
        let c = b[i];
        if let Some(q) = quote {
            out.push(c);
            if c == b'\\' && i + 1 < b.len() {
                out.push(b[i + 1]);
                i += 2;
                continue;
            }
            if c == q || c == b'\n' {
                quote = None;
            }
            i += 1;
            continue;
        }
        match c {
            b'"' | b'\'' => {
                quote = Some(c);
                out.push(c);
                i += 1;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < b.len() && !(b[i] == b'*' && b.get(i + 1) == Some(&b'/')) {
                    if b[i] == b'\n' {
                        out.push(b'\n');
                    }
                    i += 1;
                }
                i += 2;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

impl Script {
    pub fn new(src: &str) -> Self {
        Script { text: strip_comments(src) }
    }

    /// The version given to a plugin in a `plugins {}` block.
    pub fn plugin_version(&self, id: &str) -> Option<String> {
        RE.plugin_version
            .captures_iter(&self.text)
            .find(|c| &c[1] == id)
            .map(|c| c[2].to_string())
    }

    /// Whether a plugin is applied, in any of the usual spellings.
    pub fn has_plugin(&self, id: &str) -> bool {
        let t = &self.text;
        [format!("id '{id}'"), format!("id \"{id}\""), format!("id(\"{id}\")"), format!("id('{id}')"),
         format!("plugin: '{id}'"), format!("plugin: \"{id}\""), format!("plugin(\"{id}\")")]
            .iter()
            .any(|form| t.contains(form.as_str()))
            || RE.plugin_version.captures_iter(t).any(|c| &c[1] == id)
    }

    /// A bare `application` or `java` line in the plugins block (Kotlin DSL).
    pub fn has_core_plugin(&self, name: &str) -> bool {
        if self.has_plugin(name) || self.text.contains(&format!("`{name}`")) {
            return true;
        }
        let Some(start) = self.text.find("plugins") else { return false };
        let Some(block) = block_after(&self.text[start..]) else { return false };
        block.lines().any(|l| l.trim() == name)
    }

    pub fn kotlin(&self) -> bool {
        self.text.contains("kotlin(\"jvm\")") || self.has_plugin("org.jetbrains.kotlin.jvm") || self.text.contains("kotlin-gradle-plugin")
    }

    /// The Spring Boot version: the plugins block, a buildscript classpath
    /// line, or a variable that line names (`springBootVersion = '2.7.18'`).
    pub fn boot_version(&self) -> Option<String> {
        if let Some(v) = self.plugin_version("org.springframework.boot") {
            return Some(v);
        }
        let cp = RE.boot_classpath.captures(&self.text)?[1].to_string();
        match cp.strip_prefix('$') {
            Some(var) => {
                let var = var.trim_start_matches('{').trim_end_matches('}');
                RE.ext_var.captures_iter(&self.text).find(|c| &c[1] == var).map(|c| c[2].to_string())
            }
            None => Some(cp),
        }
    }

    /// The Java level: toolchain, then source/targetCompatibility, then Kotlin's.
    pub fn java_version(&self) -> Option<(u32, &'static str)> {
        if let Some(c) = RE.toolchain.captures(&self.text) {
            return c[1].parse().ok().map(|v| (v, "java toolchain languageVersion"));
        }
        if let Some(c) = RE.jvm_toolchain.captures(&self.text) {
            return c[1].parse().ok().map(|v| (v, "kotlin jvmToolchain"));
        }
        if let Some(c) = RE.compat.captures(&self.text) {
            let raw = c.get(1).or(c.get(2))?.as_str().replace('_', ".");
            return java_level(&raw).map(|v| (v, "sourceCompatibility"));
        }
        if let Some(c) = RE.jvm_target.captures(&self.text) {
            let raw = c.get(1).or(c.get(2))?.as_str().replace('_', ".");
            return java_level(&raw).map(|v| (v, "kotlin jvmTarget"));
        }
        None
    }

    pub fn main_class(&self) -> Option<String> {
        RE.main_class.captures(&self.text).map(|c| c[1].to_string())
    }

    pub fn manifest_main_class(&self) -> Option<String> {
        RE.manifest_main.captures(&self.text).map(|c| c[1].to_string())
    }

    /// `version = '1.0'` at the top level; `Err` when assigned but not a literal.
    pub fn version(&self) -> Result<Option<String>, String> {
        if let Some(c) = RE.version.captures(&self.text) {
            return Ok(Some(c[1].to_string()));
        }
        match self.text.lines().find(|l| {
            let l = l.trim_start();
            l.starts_with("version =") || l.starts_with("version=") || l.starts_with("project.version =")
        }) {
            Some(line) => Err(line.trim().to_string()),
            None => Ok(None),
        }
    }

    pub fn has_dependencies(&self) -> bool {
        RE.dependency.is_match(&self.text)
    }

    /// `archiveFileName`/`archiveBaseName`/... set inside the block of a task
    /// whose header mentions `task` (e.g. `bootJar`, `tasks.named<BootJar>("bootJar")`).
    pub fn archive_setting(&self, task: &str, key: &str) -> Option<String> {
        RE.archive.captures_iter(&self.text).find_map(|c| {
            if &c[1] != key {
                return None;
            }
            let header = enclosing_header(&self.text, c.get(0)?.start())?;
            let words: Vec<&str> = header.split(|ch: char| !(ch.is_alphanumeric() || ch == '_')).collect();
            words.contains(&task).then(|| c[2].to_string())
        })
    }
}

/// settings.gradle(.kts): the root project's name and included subprojects.
pub fn settings(src: &str) -> (Option<String>, Vec<String>) {
    let text = strip_comments(src);
    let name = RE.root_name.captures(&text).map(|c| c[1].to_string());
    let includes = RE.include.captures_iter(&text).flat_map(|c| RE.quoted.captures_iter(&c[1]).map(|q| q[1].to_string()).collect::<Vec<_>>()).collect();
    (name, includes)
}

/// `1.8` → 8, `17` → 17, `17.0` → 17.
pub fn java_level(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    let raw = raw.strip_prefix("1.").filter(|r| !r.is_empty() && !r.contains('.')).unwrap_or(raw);
    raw.split('.').next()?.parse().ok()
}

/// The text inside the braces that follow the start of `s`.
fn block_after(s: &str) -> Option<&str> {
    let open = s.find('{')?;
    let mut depth = 0;
    for (i, ch) in s[open..].char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&s[open + 1..open + i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// The text before the `{` that opens the block containing `pos`.
fn enclosing_header(text: &str, pos: usize) -> Option<&str> {
    let mut depth = 0;
    for (i, ch) in text[..pos].char_indices().rev() {
        match ch {
            '}' => depth += 1,
            '{' if depth == 0 => {
                let before = &text[..i];
                let start = before.rfind(['\n', ';', '}']).map(|p| p + 1).unwrap_or(0);
                return Some(before[start..].trim());
            }
            '{' => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The Gradle version of a wrapper's `distributionUrl`.
pub fn wrapper_version(url: &str) -> Option<String> {
    let file = url.rsplit('/').next()?;
    let v = file.strip_prefix("gradle-")?;
    let v = v.strip_suffix("-bin.zip").or_else(|| v.strip_suffix("-all.zip"))?;
    Some(v.to_string())
}

/// (major, minor) of a Gradle version such as `8.5`, `7.4.2`, `9.1.0-rc-1`.
pub fn major_minor(v: &str) -> Option<(u32, u32)> {
    let mut parts = v.split(['.', '-']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    Some((major, minor))
}

/// The first Gradle release that runs on each JDK (Gradle's compatibility matrix).
const RUNS_ON: &[(u32, (u32, u32))] = &[
    (8, (2, 0)),
    (11, (5, 0)),
    (17, (7, 3)),
    (21, (8, 5)),
    (25, (9, 1)),
];

/// The LTS JDKs a Gradle version can run on (Gradle 9 needs 17 or newer).
pub fn runnable_jdks(gradle: (u32, u32)) -> Vec<u32> {
    RUNS_ON
        .iter()
        .filter(|(jdk, first)| gradle >= *first && (gradle.0 < 9 || *jdk >= 17))
        .map(|(jdk, _)| *jdk)
        .collect()
}

/// The first Gradle version that runs on `jdk`, for messages.
pub fn first_gradle_for(jdk: u32) -> Option<String> {
    RUNS_ON.iter().find(|(j, _)| *j >= jdk).map(|(_, (a, b))| format!("{a}.{b}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_blanked_but_urls_in_strings_survive() {
        let s = strip_comments("a // c\nurl = 'https://x/y' /* b\nb */ z");
        assert_eq!(s, "a \nurl = 'https://x/y' \n z");
    }

    #[test]
    fn reads_groovy_and_kotlin_forms() {
        let groovy = Script::new(
            "plugins {\n  id 'java'\n  id 'application'\n  id 'org.springframework.boot' version '2.7.18'\n}\nversion = '1.2'\nsourceCompatibility = JavaVersion.VERSION_1_8\napplication { mainClassName = 'a.B' }\n// version = 'commented'\ndependencies {\n  implementation 'x:y:1'\n}\n",
        );
        assert!(groovy.has_core_plugin("application"));
        assert_eq!(groovy.boot_version().as_deref(), Some("2.7.18"));
        assert_eq!(groovy.version(), Ok(Some("1.2".into())));
        assert_eq!(groovy.java_version(), Some((8, "sourceCompatibility")));
        assert_eq!(groovy.main_class().as_deref(), Some("a.B"));
        assert!(groovy.has_dependencies());

        let kts = Script::new(
            "plugins {\n    application\n    kotlin(\"jvm\") version \"2.0.0\"\n}\nversion = computeVersion()\nkotlin { jvmToolchain(21) }\napplication { mainClass.set(\"a.MainKt\") }\ntasks.named<Jar>(\"jar\") { archiveFileName.set(\"x.jar\") }\ntasks.shadowJar { archiveClassifier = \"\" }\n",
        );
        assert!(kts.has_core_plugin("application"));
        assert!(kts.kotlin());
        assert!(kts.version().is_err());
        assert_eq!(kts.java_version(), Some((21, "kotlin jvmToolchain")));
        assert_eq!(kts.main_class().as_deref(), Some("a.MainKt"));
        assert_eq!(kts.archive_setting("jar", "archiveFileName").as_deref(), Some("x.jar"));
        assert_eq!(kts.archive_setting("bootJar", "archiveFileName"), None);
        assert_eq!(kts.archive_setting("shadowJar", "archiveClassifier").as_deref(), Some(""));
        assert!(!kts.has_dependencies());
    }

    #[test]
    fn buildscript_classpath_version_through_a_variable() {
        let s = Script::new("buildscript {\n ext { springBootVersion = '2.6.3' }\n dependencies { classpath(\"org.springframework.boot:spring-boot-gradle-plugin:${springBootVersion}\") }\n}\napply plugin: 'org.springframework.boot'\n");
        assert!(s.has_plugin("org.springframework.boot"));
        assert_eq!(s.boot_version().as_deref(), Some("2.6.3"));
    }

    #[test]
    fn settings_and_wrapper() {
        let (name, inc) = settings("rootProject.name = \"greeter\"\ninclude(\"api\")\ninclude 'web'\n");
        assert_eq!(settings("include(\"app\", \"list\",\n  \"utilities\")\ninclude 'a', ':b:c'\n").1, ["app", "list", "utilities", "a", ":b:c"]);
        assert_eq!(name.as_deref(), Some("greeter"));
        assert_eq!(inc, vec!["api", "web"]);
        assert_eq!(
            wrapper_version("https://services.gradle.org/distributions/gradle-8.5-bin.zip").as_deref(),
            Some("8.5")
        );
        assert_eq!(major_minor("9.1.0-rc-1"), Some((9, 1)));
    }

    #[test]
    fn gradle_jdk_matrix() {
        assert_eq!(runnable_jdks((7, 4)), vec![8, 11, 17]);
        assert_eq!(runnable_jdks((8, 5)), vec![8, 11, 17, 21]);
        assert_eq!(runnable_jdks((9, 2)), vec![17, 21, 25]);
        assert_eq!(first_gradle_for(21).as_deref(), Some("8.5"));
        assert_eq!(java_level("1.8"), Some(8));
        assert_eq!(java_level("17"), Some(17));
    }
}
