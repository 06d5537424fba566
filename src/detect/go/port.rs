//! The listening port, from one Go file's tokens.

use super::lex::Tok;

/// `":8080"`, `"0.0.0.0:8080"`, `"localhost:8080"` → (port, loopback only).
pub(super) fn addr_port(s: &str) -> Option<(u16, bool)> {
    let (host, port) = s.rsplit_once(':')?;
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host {
        "" | "0.0.0.0" | "::" => Some((port, false)),
        "localhost" | "127.0.0.1" | "::1" => Some((port, true)),
        _ => None,
    }
}

/// Finds the listening port in one file's tokens. Returns whether the file
/// reads `$PORT`, and the best evidence: (strength, port, what, loopback).
/// Strength 3: an address passed to a Listen/Serve/Run/Start call or an
/// `Addr:` field; 2: the default next to `Getenv("PORT")`; 1: a bare `":N"`.
pub(super) fn find_port(tokens: &[Tok]) -> (bool, Option<(u8, u16, String, bool)>) {
    const CALLS: &[&str] = &["ListenAndServe", "ListenAndServeTLS", "Listen", "Run", "Start", "Serve"];
    let mut reads_env = false;
    let mut best: Option<(u8, u16, String, bool)> = None;
    let offer = |cand: (u8, u16, String, bool), best: &mut Option<(u8, u16, String, bool)>| {
        if best.as_ref().is_none_or(|b| cand.0 > b.0) {
            *best = Some(cand);
        }
    };
    for (i, t) in tokens.iter().enumerate() {
        match t {
            Tok::Ident(name) if CALLS.contains(&name.as_str()) && tokens.get(i + 1) == Some(&Tok::Punct('(')) => {
                let mut depth = 0;
                for u in &tokens[i + 1..] {
                    match u {
                        Tok::Punct('(') => depth += 1,
                        Tok::Punct(')') => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        Tok::Str(s) => {
                            if let Some((p, lo)) = addr_port(s) {
                                offer((3, p, format!("{name}(\"{s}\")"), lo), &mut best);
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            Tok::Ident(name) if name == "Addr" && tokens.get(i + 1) == Some(&Tok::Punct(':')) => {
                if let Some(Tok::Str(s)) = tokens.get(i + 2)
                    && let Some((p, lo)) = addr_port(s)
                {
                    offer((3, p, format!("Addr: \"{s}\""), lo), &mut best);
                }
            }
            Tok::Ident(name)
                if (name == "Getenv" || name == "LookupEnv")
                    && tokens.get(i + 2) == Some(&Tok::Str("PORT".to_string())) =>
            {
                reads_env = true;
                for u in tokens.iter().skip(i + 3).take(40) {
                    if let Tok::Str(s) = u {
                        let digits = s.trim_start_matches(':');
                        if let Ok(p) = digits.parse::<u16>()
                            && p > 0
                        {
                            offer((2, p, format!("default for $PORT \"{s}\""), false), &mut best);
                            break;
                        }
                    }
                }
            }
            // A helper with a default: getEnv("WHOAMI_PORT_NUMBER", "80").
            Tok::Str(var)
                if var.to_ascii_uppercase().contains("PORT")
                    && var != "PORT"
                    && tokens.get(i + 1) == Some(&Tok::Punct(','))
                    && matches!(tokens.get(i.wrapping_sub(1)), Some(Tok::Punct('('))) =>
            {
                if let Some(Tok::Str(d)) = tokens.get(i + 2)
                    && let Ok(p) = d.trim_start_matches(':').parse::<u16>()
                    && p > 0
                {
                    offer((2, p, format!("default for ${var} \"{d}\""), false), &mut best);
                }
            }
            Tok::Str(s) if s.starts_with(':') => {
                if let Some((p, lo)) = addr_port(s) {
                    offer((1, p, format!("\"{s}\" literal"), lo), &mut best);
                }
            }
            _ => {}
        }
    }
    (reads_env, best)
}

