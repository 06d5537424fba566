//! Just enough of a Go lexer to read a file's package clause, imports,
//! build constraints and string literals without being fooled by comments
//! (a cgo preamble is a comment) or by text inside strings.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Ident(String),
    /// The unquoted value of an interpreted or raw string literal.
    Str(String),
    Punct(char),
    Number(String),
}

/// One parsed `.go` file.
#[derive(Debug, Default)]
pub struct GoFile {
    pub package: Option<String>,
    pub imports: Vec<String>,
    /// `//go:build ignore` (or `// +build ignore`): not part of any build.
    pub ignored: bool,
    pub tokens: Vec<Tok>,
}

impl GoFile {
    pub fn parse(src: &str) -> GoFile {
        let ignored = build_ignored(src);
        let tokens = tokenize(src);
        let mut file = GoFile {
            ignored,
            ..Default::default()
        };
        let mut i = 0;
        if let (Some(Tok::Ident(kw)), Some(Tok::Ident(name))) = (tokens.first(), tokens.get(1))
            && kw == "package"
        {
            file.package = Some(name.clone());
            i = 2;
        }
        // Imports come right after the package clause.
        loop {
            while matches!(tokens.get(i), Some(Tok::Punct(';'))) {
                i += 1;
            }
            if !matches!(tokens.get(i), Some(Tok::Ident(k)) if k == "import") {
                break;
            }
            i += 1;
            if matches!(tokens.get(i), Some(Tok::Punct('('))) {
                i += 1;
                while let Some(t) = tokens.get(i) {
                    match t {
                        Tok::Punct(')') => {
                            i += 1;
                            break;
                        }
                        Tok::Str(path) => file.imports.push(path.clone()),
                        _ => {}
                    }
                    i += 1;
                }
            } else {
                // import [name] "path"
                while let Some(t) = tokens.get(i) {
                    i += 1;
                    if let Tok::Str(path) = t {
                        file.imports.push(path.clone());
                        break;
                    }
                    if !matches!(t, Tok::Ident(_) | Tok::Punct('.')) {
                        break;
                    }
                }
            }
        }
        file.tokens = tokens;
        file
    }
}

/// Whether the build constraint before the package clause excludes the
/// file from every build (`//go:build ignore`, the `go run gen.go` idiom).
fn build_ignored(src: &str) -> bool {
    for line in src.lines() {
        let l = line.trim();
        if l.starts_with("package ") {
            break;
        }
        let expr = l
            .strip_prefix("//go:build ")
            .or_else(|| l.strip_prefix("// +build "));
        if let Some(expr) = expr
            && expr
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| w == "ignore")
            && !expr.contains('!')
        {
            return true;
        }
    }
    false
}

/// Splits Go source into tokens, dropping comments and white space. Newlines
/// become `;` where Go's automatic semicolon rule would insert one, which is
/// all the import parser needs.
pub fn tokenize(src: &str) -> Vec<Tok> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let push_semi = |out: &mut Vec<Tok>| {
        if matches!(
            out.last(),
            Some(Tok::Ident(_) | Tok::Str(_) | Tok::Number(_) | Tok::Punct(')' | ']' | '}'))
        ) {
            out.push(Tok::Punct(';'));
        }
    };
    while i < b.len() {
        let c = b[i];
        match c {
            b'\n' => {
                push_semi(&mut out);
                i += 1;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let start = i;
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                let had_newline = src[start..i.min(b.len())].contains('\n');
                i = (i + 2).min(b.len());
                if had_newline {
                    push_semi(&mut out);
                }
            }
            b'"' => {
                let mut s = String::new();
                i += 1;
                while i < b.len() && b[i] != b'"' && b[i] != b'\n' {
                    if b[i] == b'\\' && i + 1 < b.len() {
                        s.push('\\');
                        i += 1;
                    }
                    let ch = src[i..].chars().next().unwrap_or('\u{fffd}');
                    s.push(ch);
                    i += ch.len_utf8();
                }
                i += 1;
                out.push(Tok::Str(s));
            }
            b'`' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'`' {
                    i += 1;
                }
                out.push(Tok::Str(src[start..i.min(b.len())].to_string()));
                i += 1;
            }
            b'\'' => {
                i += 1;
                while i < b.len() && b[i] != b'\'' && b[i] != b'\n' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push(Tok::Number(String::new()));
            }
            _ if c.is_ascii_digit() => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_')
                {
                    i += 1;
                }
                out.push(Tok::Number(src[start..i].to_string()));
            }
            _ if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80)
                {
                    i += 1;
                }
                out.push(Tok::Ident(src[start..i].to_string()));
            }
            _ => {
                out.push(Tok::Punct(c as char));
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_package_and_grouped_imports_past_a_cgo_preamble() {
        let f = GoFile::parse(
            "// Copyright\n\npackage main\n\n/*\n#include <stdio.h>\n*/\nimport \"C\"\n\nimport (\n\t\"fmt\" // comment \"x\"\n\tstr \"strings\"\n\t_ \"embed\"\n\t. \"os\"\n)\n\nfunc main() { fmt.Println(\"import \\\"net\\\"\") }\n",
        );
        assert_eq!(f.package.as_deref(), Some("main"));
        assert_eq!(f.imports, ["C", "fmt", "strings", "embed", "os"]);
        assert!(!f.ignored);
    }

    #[test]
    fn imports_in_comments_and_strings_do_not_count() {
        let f = GoFile::parse("package x\n// import \"C\"\nvar s = `import \"C\"`\n");
        assert!(f.imports.is_empty(), "{:?}", f.imports);
    }

    #[test]
    fn build_ignore_files_are_flagged() {
        assert!(GoFile::parse("//go:build ignore\n\npackage main\n").ignored);
        assert!(GoFile::parse("// +build ignore\n\npackage main\n").ignored);
        assert!(!GoFile::parse("//go:build !ignore\n\npackage main\n").ignored);
        assert!(!GoFile::parse("//go:build linux\n\npackage main\n").ignored);
    }

    #[test]
    fn unterminated_literals_do_not_panic() {
        for src in ["\"abc", "`abc", "'a", "/* abc", "x := \"\\", "é\"ü"] {
            let _ = GoFile::parse(src);
        }
    }
}
