//! `# dockgen: keep` blocks: regions of a generated file the user owns.
//!
//! A block runs from a `# dockgen: keep` line to a `# dockgen: end` line
//! (`<!-- dockgen: keep -->` in Markdown). Regeneration carries every block
//! of the file on disk into the new text, after the same line it followed
//! (its anchor), so `init` and `check` leave it alone.

use anyhow::{Result, bail};

/// One block, markers included, and the line above it outside any block
/// (its text, and which occurrence of that text it is: `RUN --mount=…`
/// lines repeat).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub anchor: Option<(String, usize)>,
    /// Blank lines between the anchor and the block.
    pub blanks: usize,
    pub lines: Vec<String>,
}

#[derive(PartialEq)]
enum Marker {
    Start,
    End,
}

fn marker(line: &str) -> Option<Marker> {
    let t = line.trim();
    let inner = if let Some(rest) = t.strip_prefix("<!--") {
        rest.strip_suffix("-->")?.trim()
    } else {
        t.strip_prefix('#')?.trim()
    };
    match inner {
        "dockgen: keep" => Some(Marker::Start),
        "dockgen: end" | "dockgen: end keep" => Some(Marker::End),
        _ => None,
    }
}

/// The keep blocks of `text`; `name` labels errors.
pub fn blocks(text: &str, name: &str) -> Result<Vec<Block>> {
    let mut out = Vec::new();
    let mut anchor: Option<(String, usize)> = None;
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let mut open: Option<(usize, Block)> = None;
    let mut blanks = 0;
    for (i, line) in text.lines().enumerate() {
        match (marker(line), open.as_mut()) {
            (Some(Marker::Start), None) => open = Some((i + 1, Block { anchor: anchor.clone(), blanks, lines: vec![line.to_string()] })),
            (Some(Marker::Start), Some((at, _))) => bail!("{name} line {}: a `dockgen: keep` inside the block opened on line {at}; close that one with `# dockgen: end` first", i + 1),
            (Some(Marker::End), Some(_)) => {
                let (_, mut block) = open.take().unwrap_or_else(|| unreachable!());
                block.lines.push(line.to_string());
                out.push(block);
                blanks = 0;
            }
            (Some(Marker::End), None) => bail!("{name} line {}: `dockgen: end` without a `dockgen: keep` above it; delete it or add the opening line", i + 1),
            (None, Some((_, block))) => block.lines.push(line.to_string()),
            (None, None) if !line.trim().is_empty() => {
                let n = seen.entry(line.trim().to_string()).or_default();
                *n += 1;
                anchor = Some((line.trim().to_string(), *n));
                blanks = 0;
            }
            (None, None) => blanks += 1,
        }
    }
    if let Some((at, _)) = open {
        bail!("{name} line {at}: `dockgen: keep` has no `# dockgen: end`; add one where your block ends");
    }
    Ok(out)
}

/// `new` with the keep blocks of `old` put back after their anchors.
/// Returns the text and a warning per block whose anchor is gone (that
/// block goes to the end of the file).
pub fn carry(new: &str, old: &str, name: &str) -> Result<(String, Vec<String>)> {
    let mut pending = blocks(old, name)?;
    if pending.is_empty() {
        return Ok((new.to_string(), Vec::new()));
    }
    let mut out: Vec<String> = Vec::new();
    let take = |pending: &mut Vec<Block>, anchor: Option<(&str, usize)>| -> Vec<Block> {
        let (take, keep): (Vec<Block>, Vec<Block>) =
            std::mem::take(pending).into_iter().partition(|b| b.anchor.as_ref().map(|(t, n)| (t.as_str(), *n)) == anchor);
        *pending = keep;
        take
    };
    // Blocks found at an anchor wait for the blank lines they had below it.
    let mut waiting: Vec<Block> = take(&mut pending, None);
    let mut seen: std::collections::HashMap<&str, usize> = Default::default();
    for line in new.lines() {
        let blank = line.trim().is_empty();
        let still_waiting = waiting.first().is_some_and(|b| blank && b.blanks > 0);
        if !waiting.is_empty() && !still_waiting {
            out.extend(waiting.drain(..).flat_map(|b| b.lines));
        }
        if blank && let Some(b) = waiting.first_mut() {
            b.blanks -= 1;
        }
        out.push(line.to_string());
        if !blank {
            let n = seen.entry(line.trim()).or_default();
            *n += 1;
            if !pending.is_empty() {
                waiting.extend(take(&mut pending, Some((line.trim(), *n))));
            }
        }
    }
    out.extend(waiting.drain(..).flat_map(|b| b.lines));
    let mut warnings = Vec::new();
    for b in pending {
        warnings.push(format!(
            "{name}: the line above a `dockgen: keep` block ({}) is gone; the block moved to the end of the file: check where it belongs",
            crate::text::printable(b.anchor.as_ref().map(|(t, _)| t.as_str()).unwrap_or(""))
        ));
        out.extend(b.lines);
    }
    let mut text = out.join("\n");
    if new.ends_with('\n') || new.is_empty() {
        text.push('\n');
    }
    Ok((text, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEW: &str = "FROM a AS build\nRUN make\n\nFROM b\nUSER 1\nCMD [\"x\"]\n";

    #[test]
    fn blocks_return_after_their_anchor() {
        let old = "FROM a AS build\nRUN make\n\nFROM b\n# dockgen: keep\nRUN apt-get install -y tini\n# dockgen: end\nUSER 1\nCMD [\"y\"]\n";
        let (text, w) = carry(NEW, old, "Dockerfile").unwrap();
        assert_eq!(text, "FROM a AS build\nRUN make\n\nFROM b\n# dockgen: keep\nRUN apt-get install -y tini\n# dockgen: end\nUSER 1\nCMD [\"x\"]\n");
        assert!(w.is_empty());
    }

    #[test]
    fn no_blocks_no_change_and_a_lost_anchor_moves_to_the_end() {
        assert_eq!(carry(NEW, "anything\n", "Dockerfile").unwrap().0, NEW);
        let old = "FROM gone\n# dockgen: keep\nENV A=1\n# dockgen: end\n";
        let (text, w) = carry(NEW, old, "Dockerfile").unwrap();
        assert!(text.ends_with("CMD [\"x\"]\n# dockgen: keep\nENV A=1\n# dockgen: end\n"), "{text}");
        assert!(w[0].contains("FROM gone") && w[0].contains("moved to the end"), "{w:?}");
    }

    #[test]
    fn top_blocks_stay_on_top_and_consecutive_blocks_keep_their_order() {
        let old = "# dockgen: keep\n# mine\n# dockgen: end\nFROM a AS build\n# dockgen: keep\nARG ONE\n# dockgen: end\n# dockgen: keep\nARG TWO\n# dockgen: end\n";
        let (text, _) = carry(NEW, old, "Dockerfile").unwrap();
        assert!(text.starts_with("# dockgen: keep\n# mine\n# dockgen: end\nFROM a AS build\n# dockgen: keep\nARG ONE\n# dockgen: end\n# dockgen: keep\nARG TWO\n"), "{text}");
    }

    #[test]
    fn a_repeated_line_anchors_by_occurrence() {
        let new = "RUN a \\\n  x\nRUN a \\\n  y\n";
        let old = "RUN a \\\n  x\nRUN a \\\n# dockgen: keep\n# note\n# dockgen: end\n  y\n";
        assert_eq!(carry(new, old, "Dockerfile").unwrap().0, old);
    }

    #[test]
    fn blank_lines_between_anchor_and_block_are_kept() {
        let old = "FROM a AS build\nRUN make\n\n# dockgen: keep\nRUN mine\n# dockgen: end\nFROM b\nUSER 1\nCMD [\"x\"]\n";
        assert_eq!(carry(NEW, old, "Dockerfile").unwrap().0, old);
    }

    #[test]
    fn markdown_markers_and_broken_blocks() {
        let old = "# Title\n<!-- dockgen: keep -->\nmine\n<!-- dockgen: end -->\n";
        assert!(carry("# Title\nnew\n", old, "README.Docker.md").unwrap().0.contains("# Title\n<!-- dockgen: keep -->\nmine\n"));
        let e = carry(NEW, "FROM a\n# dockgen: keep\nRUN x\n", "Dockerfile").unwrap_err().to_string();
        assert!(e.starts_with("Dockerfile line 2:") && e.contains("no `# dockgen: end`"), "{e}");
        let e = carry(NEW, "# dockgen: end\n", "Dockerfile").unwrap_err().to_string();
        assert!(e.contains("line 1") && e.contains("without"), "{e}");
    }
}
