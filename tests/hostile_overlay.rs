//! The hostile corpus again (every test of tests/hostile.rs), rendered
//! through an organisation's overlay whose `partials/stage.j2` puts project
//! values into every stage: labels and environment through `quoted`, a
//! comment through `comment`, a shell word through `shell_quote`, a command
//! through `exec_form`. A user template is trusted, but what it quotes from
//! the project must still never add an instruction, a stage or a mount.

#[path = "hostile.rs"]
mod corpus;

use std::sync::OnceLock;

const STAGE: &str = r#"{% if stage == "runtime" %}
LABEL org.opencontainers.image.title={{ app | quoted }} \
      org.example.start={{ start | join(" ") | quoted }} \
      org.example.version={{ version.value | quoted }} \
      org.example.framework={{ (framework or "none") | quoted }}
ENV ORG_APP={{ app | quoted }} ORG_PORT={{ port.value | string | quoted }}
# Org: {{ app | comment }} starts with {{ start | join(" ") | comment }}
{% else %}
RUN echo {{ app | shell_quote }} {{ start | join(" ") | shell_quote }} > /tmp/org-build-note
{% endif %}
"#;

/// Activates the overlay once, before this process renders anything.
pub fn before_generate() {
    static PROJECT: OnceLock<tempfile::TempDir> = OnceLock::new();
    PROJECT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let partials = dir.path().join(".dockgen/templates/partials");
        std::fs::create_dir_all(&partials).unwrap();
        std::fs::write(partials.join("stage.j2"), STAGE).unwrap();
        dockgen::commands::use_overlays(dir.path()).unwrap();
        dir
    });
}

/// The overlay is really in use: its label is in what the corpus renders.
#[test]
fn the_overlay_renders_into_every_case() {
    before_generate();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/python-flask");
    let (_, files) = dockgen::generate(&dir, &dockgen::plan::Choices::default(), dockgen::Extras::ALL).unwrap();
    assert!(files[0].contents.contains("LABEL org.opencontainers.image.title=\"app\""), "{}", files[0].contents);
    assert!(files[0].contents.contains("RUN echo app 'gunicorn app:app --bind 0.0.0.0:8000' > /tmp/org-build-note"), "{}", files[0].contents);
}
