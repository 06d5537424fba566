//! Reads a `pom.xml` with a real XML parser (roxmltree) into the few facts
//! the Java detector needs. Never runs Maven; `${...}` references are
//! resolved from the POM's own properties and project coordinates only.

use anyhow::{Result, anyhow};
use roxmltree::{Document, Node};
use std::collections::BTreeMap;

/// What one POM says, with properties already substituted where possible.
#[derive(Debug, Clone, Default)]
pub struct Pom {
    pub artifact_id: Option<String>,
    pub version: Option<String>,
    pub packaging: String,
    pub final_name: Option<String>,
    pub modules: Vec<String>,
    pub parent: Option<Coordinates>,
    /// The parent's `relativePath` when it names a POM inside this folder.
    pub parent_relative_path: Option<String>,
    pub properties: BTreeMap<String, String>,
    pub dependencies: Vec<Dependency>,
    /// groupId:artifactId:version of `import`-scoped BOMs.
    pub boms: Vec<Coordinates>,
    pub plugins: Vec<Plugin>,
}

#[derive(Debug, Clone, Default)]
pub struct Coordinates {
    pub group_id: String,
    pub artifact_id: String,
    pub version: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Dependency {
    pub group_id: String,
    pub artifact_id: String,
    pub scope: String,
    pub optional: bool,
}

/// A `<build><plugins><plugin>` entry, with the configuration found in it,
/// its executions, or the matching `<pluginManagement>` entry.
#[derive(Debug, Clone, Default)]
pub struct Plugin {
    pub artifact_id: String,
    pub version: Option<String>,
    /// Leaf configuration values by element name (`mainClass`, `release`,
    /// `classifier`, `descriptorRef`, ...), the first occurrence of each.
    pub config: BTreeMap<String, String>,
    /// Goals bound in `<executions>`.
    pub goals: Vec<String>,
}

impl Plugin {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.config.get(key).map(String::as_str)
    }
}

impl Pom {
    pub fn plugin(&self, artifact_id: &str) -> Option<&Plugin> {
        self.plugins.iter().find(|p| p.artifact_id == artifact_id)
    }

    /// Dependencies that reach the runtime classpath (compile and runtime scope).
    pub fn runtime_dependencies(&self) -> impl Iterator<Item = &Dependency> {
        self.dependencies
            .iter()
            .filter(|d| !d.optional && matches!(d.scope.as_str(), "" | "compile" | "runtime"))
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn text(node: Option<Node>) -> Option<String> {
    node.and_then(|n| n.text()).map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

fn path<'a, 'i>(node: Node<'a, 'i>, names: &[&str]) -> Option<Node<'a, 'i>> {
    names.iter().try_fold(node, |n, name| child(n, name))
}

/// Every leaf element under `node` (configuration values), first one wins.
fn leaves(node: Node, into: &mut BTreeMap<String, String>) {
    for n in node.descendants().filter(|n| n.is_element()) {
        if n.children().any(|c| c.is_element()) {
            continue;
        }
        if let Some(t) = text(Some(n)) {
            into.entry(n.tag_name().name().to_string()).or_insert(t);
        }
    }
}

/// Parses `text` (the contents of `file`, for messages).
pub fn parse(file: &str, source: &str) -> Result<Pom> {
    let doc = Document::parse(source).map_err(|e| {
        let pos = e.pos();
        anyhow!(
            "{file} is not valid XML at line {}, column {} ({e}); fix it so Maven can read it too",
            pos.row,
            pos.col
        )
    })?;
    let project = doc.root_element();
    if project.tag_name().name() != "project" {
        return Err(anyhow!(
            "{file} is not a Maven POM: its root element is <{}>, not <project>",
            project.tag_name().name()
        ));
    }

    let mut pom = Pom {
        artifact_id: text(child(project, "artifactId")),
        version: text(child(project, "version")),
        packaging: text(child(project, "packaging")).unwrap_or_else(|| "jar".into()),
        ..Default::default()
    };
    if let Some(parent) = child(project, "parent") {
        pom.parent = Some(Coordinates {
            group_id: text(child(parent, "groupId")).unwrap_or_default(),
            artifact_id: text(child(parent, "artifactId")).unwrap_or_default(),
            version: text(child(parent, "version")),
        });
        // An absent relativePath means ../pom.xml (outside this folder); an
        // empty one means "from the repository".
        pom.parent_relative_path = text(child(parent, "relativePath"));
    }
    if let Some(props) = child(project, "properties") {
        for p in props.children().filter(|c| c.is_element()) {
            pom.properties.insert(p.tag_name().name().to_string(), text(Some(p)).unwrap_or_default());
        }
    }
    if let Some(modules) = child(project, "modules") {
        pom.modules = children(modules, "module").filter_map(|m| text(Some(m))).collect();
    }
    if let Some(deps) = child(project, "dependencies") {
        for d in children(deps, "dependency") {
            pom.dependencies.push(Dependency {
                group_id: text(child(d, "groupId")).unwrap_or_default(),
                artifact_id: text(child(d, "artifactId")).unwrap_or_default(),
                scope: text(child(d, "scope")).unwrap_or_default(),
                optional: text(child(d, "optional")).as_deref() == Some("true"),
            });
        }
    }
    if let Some(managed) = path(project, &["dependencyManagement", "dependencies"]) {
        for d in children(managed, "dependency") {
            if text(child(d, "scope")).as_deref() == Some("import") {
                pom.boms.push(Coordinates {
                    group_id: text(child(d, "groupId")).unwrap_or_default(),
                    artifact_id: text(child(d, "artifactId")).unwrap_or_default(),
                    version: text(child(d, "version")),
                });
            }
        }
    }
    if let Some(build) = child(project, "build") {
        pom.final_name = text(child(build, "finalName"));
        let managed: Vec<Node> = path(build, &["pluginManagement", "plugins"])
            .map(|p| children(p, "plugin").collect())
            .unwrap_or_default();
        if let Some(plugins) = child(build, "plugins") {
            pom.plugins = children(plugins, "plugin").map(|p| plugin(p, &managed)).collect();
        }
    }
    pom.resolve_properties();
    Ok(pom)
}

/// One `<plugin>`: its configuration, its executions' goals and
/// configuration, and what `<pluginManagement>` adds for it.
fn plugin(p: Node, managed: &[Node]) -> Plugin {
    let artifact_id = text(child(p, "artifactId")).unwrap_or_default();
    let mut plugin = Plugin { version: text(child(p, "version")), ..Default::default() };
    if let Some(c) = child(p, "configuration") {
        leaves(c, &mut plugin.config);
    }
    if let Some(execs) = child(p, "executions") {
        plugin.goals = execs
            .descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == "goal")
            .filter_map(|n| text(Some(n)))
            .collect();
        for c in execs.descendants().filter(|n| n.is_element() && n.tag_name().name() == "configuration") {
            leaves(c, &mut plugin.config);
        }
    }
    if let Some(m) = managed.iter().find(|m| text(child(**m, "artifactId")).as_deref() == Some(&artifact_id)) {
        if plugin.version.is_none() {
            plugin.version = text(child(*m, "version"));
        }
        for c in m.descendants().filter(|n| n.is_element() && n.tag_name().name() == "configuration") {
            leaves(c, &mut plugin.config);
        }
    }
    plugin.artifact_id = artifact_id;
    plugin
}

impl Pom {
    /// Replaces `${name}` references everywhere a value is read, from the
    /// POM's properties and project coordinates. Unknown ones stay as-is.
    fn resolve_properties(&mut self) {
        let mut vars = self.properties.clone();
        let parent_version = self.parent.as_ref().and_then(|p| p.version.clone());
        if let Some(v) = self.version.clone().or(parent_version.clone()) {
            vars.insert("project.version".into(), v.clone());
            vars.insert("version".into(), v);
        }
        if let Some(a) = &self.artifact_id {
            vars.insert("project.artifactId".into(), a.clone());
            vars.insert("artifactId".into(), a.clone());
        }
        if let Some(v) = parent_version {
            vars.insert("project.parent.version".into(), v);
        }
        let r = |s: &str| substitute(s, &vars);
        self.version = self.version.as_deref().map(r);
        self.final_name = self.final_name.as_deref().map(r);
        if let Some(p) = &mut self.parent {
            p.version = p.version.as_deref().map(r);
        }
        for b in &mut self.boms {
            b.version = b.version.as_deref().map(r);
        }
        for p in &mut self.plugins {
            p.version = p.version.as_deref().map(r);
            for v in p.config.values_mut() {
                *v = r(v);
            }
        }
        let resolved: BTreeMap<String, String> = self.properties.iter().map(|(k, v)| (k.clone(), r(v))).collect();
        self.properties = resolved;
    }
}

/// `${a}-${b}` with values from `vars`, recursively (bounded).
pub fn substitute(s: &str, vars: &BTreeMap<String, String>) -> String {
    let mut out = s.to_string();
    for _ in 0..8 {
        let mut changed = false;
        let mut next = String::with_capacity(out.len());
        let mut rest = out.as_str();
        while let Some(start) = rest.find("${") {
            next.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            match after.find('}') {
                Some(end) if vars.contains_key(&after[..end]) => {
                    next.push_str(&vars[&after[..end]]);
                    rest = &after[end + 1..];
                    changed = true;
                }
                Some(end) => {
                    next.push_str(&rest[start..start + 2 + end + 1]);
                    rest = &after[end + 1..];
                }
                None => {
                    next.push_str(&rest[start..]);
                    rest = "";
                }
            }
        }
        next.push_str(rest);
        out = next;
        if !changed {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_coordinates_plugins_and_resolves_properties() {
        let pom = parse(
            "pom.xml",
            r#"<project xmlns="http://maven.apache.org/POM/4.0.0">
              <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.3.5</version><relativePath/></parent>
              <artifactId>demo</artifactId>
              <properties><java.version>21</java.version><main>a.B</main></properties>
              <dependencies>
                <dependency><groupId>x</groupId><artifactId>y</artifactId></dependency>
                <dependency><groupId>t</groupId><artifactId>t</artifactId><scope>test</scope></dependency>
              </dependencies>
              <build><finalName>${project.artifactId}-${project.version}</finalName>
                <plugins><plugin><artifactId>maven-shade-plugin</artifactId>
                  <executions><execution><configuration><transformers><transformer><mainClass>${main}</mainClass></transformer></transformers></configuration></execution></executions>
                </plugin></plugins>
              </build>
            </project>"#,
        )
        .unwrap();
        assert_eq!(pom.artifact_id.as_deref(), Some("demo"));
        assert_eq!(pom.version, None);
        assert_eq!(pom.final_name.as_deref(), Some("demo-3.3.5"));
        assert_eq!(pom.parent.as_ref().unwrap().version.as_deref(), Some("3.3.5"));
        assert_eq!(pom.parent_relative_path, None);
        assert_eq!(pom.plugin("maven-shade-plugin").unwrap().get("mainClass"), Some("a.B"));
        assert_eq!(pom.runtime_dependencies().count(), 1);
    }

    #[test]
    fn invalid_xml_names_file_line_and_column() {
        let err = parse("pom.xml", "<project>\n  <artifactId>x</artifact>\n</project>").unwrap_err().to_string();
        assert!(err.starts_with("pom.xml is not valid XML at line 2"), "{err}");
        let err = parse("pom.xml", "<settings/>").unwrap_err().to_string();
        assert!(err.contains("root element is <settings>"), "{err}");
    }

    #[test]
    fn substitution_is_bounded_and_keeps_unknowns() {
        let vars: BTreeMap<String, String> = [("a".to_string(), "${a}".to_string())].into();
        assert_eq!(substitute("${a}", &vars), "${a}");
        assert_eq!(substitute("x-${nope}-y", &vars), "x-${nope}-y");
        assert_eq!(substitute("${unterminated", &vars), "${unterminated");
    }
}
