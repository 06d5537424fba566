//! Escaping for each place a project's text can land: a Dockerfile's exec
//! form, a shell word, a `#` comment, a relative folder. Used by detectors
//! (which build commands) and by the templates' filters alike.

/// `["a", "b"]`: a JSON array, which is exactly Dockerfile exec form.
pub fn exec_form(items: &[String]) -> serde_json::Result<String> {
    let json = serde_json::to_string(items)?;
    // JSON escapes only C0 controls. DEL and C1 controls (U+0080..U+009F, some
    // of which terminals obey), line separators and bidirectional overrides
    // would stand raw in the file: escape them too (found by fuzzing).
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if crate::text::invisible(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

/// One shell word on one Dockerfile line: left bare when it is plainly
/// safe, else single-quoted. What cannot stand on the line is changed:
/// invisible characters (line breaks, controls) become spaces, and each
/// `<` is followed by an empty `''`, so no `<<` can open a heredoc.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':' | '=' | ','))
    {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\'' => out.push_str(r"'\''"),
            '<' => out.push_str("<''"),
            c if crate::text::invisible(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// Text for a `#` comment: one line, no control characters.
pub fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') { ' ' } else { c })
        .collect::<String>()
        .trim()
        // A trailing backslash must not read as a line continuation.
        .trim_end_matches('\\')
        .trim_end()
        .to_string()
}

/// A Dockerfile double-quoted value (`LABEL k="v"`, `ENV K="v"`): one line,
/// nothing invisible, and `\`, `"` and `$` escaped so the value is taken
/// as it is, never expanded.
pub fn dockerfile_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if crate::text::invisible(c) {
            out.push(' ');
            continue;
        }
        if matches!(c, '\\' | '"' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Text for Markdown prose: one line, every character Markdown or HTML
/// would act on backslash-escaped, so a project's words stay words.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in comment(s).chars() {
        if crate::text::invisible(c) {
            continue;
        }
        // Mid-line, only these start emphasis, code, links, HTML or tables.
        if "\\`*_[]<>|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text inside a Markdown code span: one line, no backticks (which would
/// end it), nothing invisible.
pub fn markdown_code(s: &str) -> String {
    comment(s).chars().filter(|c| *c != '`' && !crate::text::invisible(*c)).collect()
}

/// A relative folder inside the project, tidied (`./dist/` → `dist`), made
/// only of letters, digits, `.`, `_`, `-`, `@` and `/`; `None` for anything
/// else (absolute, `..`, spaces, line breaks).
pub fn relative_dir(p: &str) -> Option<String> {
    let p = p.trim().trim_start_matches("./").trim_end_matches('/');
    let ok = !p.is_empty()
        && !p.starts_with('/')
        && p.split('/').all(|s| !s.is_empty() && s != "..")
        && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '@'));
    ok.then(|| p.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shell_word_stays_on_its_line_and_opens_no_heredoc() {
        assert_eq!(shell_quote("./cmd/api"), "./cmd/api");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("a\r\nRUN id\u{2028}x"), "'a  RUN id x'");
        assert_eq!(shell_quote("<<EOF"), "'<''<''EOF'", "the shell reads <<EOF; the Dockerfile never sees `<<`");
    }

    #[test]
    fn a_dockerfile_string_is_one_literal_line() {
        assert_eq!(dockerfile_string("Corp apps"), r#""Corp apps""#);
        assert_eq!(dockerfile_string("a\"b$HOME\\\nRUN id\u{1b}[2J"), r#""a\"b\$HOME\\ RUN id [2J""#);
        assert_eq!(dockerfile_string("x\\"), r#""x\\""#, "a trailing backslash cannot escape the closing quote");
    }

    #[test]
    fn each_place_gets_its_escaping() {
        assert_eq!(shell_quote("./cmd/api"), "./cmd/api");
        assert_eq!(shell_quote("a b'c"), r"'a b'\''c'");
        assert_eq!(shell_quote("$(x)"), "'$(x)'");
        assert_eq!(comment("evil\nRUN rm -rf /\r"), "evil RUN rm -rf /");
        assert_eq!(relative_dir("./dist/"), Some("dist".into()));
        assert_eq!(relative_dir("../x"), None);
        assert_eq!(relative_dir("/abs"), None);
        assert_eq!(relative_dir("out dir"), None);
        assert_eq!(relative_dir("dist\nRUN x"), None);
    }
}
