//! Text for people: every message, warning, table row and wizard prompt
//! passes through [`printable`] on its way to the terminal, so a value
//! quoted from a project file (a script, a path, a version) can neither add
//! a line nor drive the terminal (retitle it, clear it, reorder text).

/// Escapes what would not print as one line of plain text: control
/// characters (C0, DEL, C1; so ESC sequences and BEL), line and paragraph
/// separators, bidirectional overrides and the byte-order mark. Each shows
/// as a Rust-style escape (`\n`, `\u{1b}`), so it stays visible.
pub fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if invisible(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters a terminal does not show as themselves.
pub fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Text of several lines (a diff, a summary): each line made printable,
/// the line breaks kept.
pub fn printable_lines(s: &str) -> String {
    s.split('\n').map(printable).collect::<Vec<_>>().join("\n")
}

/// `diff -u` of an existing file against the one dockgen would write.
pub fn unified_diff(name: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("{name} (existing)"), &format!("{name} (dockgen)"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_and_line_breaks_are_shown_not_obeyed() {
        let hostile = "a\nb\r\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}c\u{202e}d\u{2028}";
        let out = printable(hostile);
        assert!(!out.chars().any(invisible), "{out:?}");
        assert_eq!(out, r"a\nb\r\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{9b}c\u{202e}d\u{2028}");
        assert_eq!(printable("plain ünïcode → ok"), "plain ünïcode → ok");
        assert_eq!(printable_lines("x\u{1b}\ny"), "x\\u{1b}\ny");
    }
}
