use super::*;
use std::fs;
use super::lex::tokenize;
use super::port::find_port;

#[test]
fn version_takes_the_newer_of_go_and_toolchain() {
    // The go line is a minimum: the oldest supported Go at or above it
    // (1.25's support ended when 1.27 came out, in the catalog's data).
    let v = version_from_gomod(Some("1.22.3"), None).unwrap();
    assert_eq!(v.value, "1.26");
    assert!(v.source.starts_with("go.mod go line (go 1.22.3, a minimum); the oldest supported"), "{}", v.source);
    assert_eq!(version_from_gomod(Some("1.27"), None).unwrap().value, "1.27");
    let v = version_from_gomod(Some("1.21"), Some("go1.23.4")).unwrap();
    assert_eq!(v.value, "1.23");
    assert!(v.source.contains("toolchain"), "{}", v.source);
    let v = version_from_gomod(Some("1.23"), Some("go1.22.0")).unwrap();
    assert_eq!(v.value, "1.26", "a toolchain below the go line is no request: the go line's minimum decides");
    assert_eq!(version_from_gomod(None, Some("go1.21rc1")).unwrap().value, "1.21");
    assert!(version_from_gomod(None, Some("default")).is_none());
}

#[test]
fn lang_version_flag_is_validated() {
    assert_eq!(Go.normalize_version("1.23").unwrap(), "1.23");
    assert_eq!(Go.normalize_version("go1.23.4").unwrap(), "1.23", "the catalog holds release lines; 1.23 floats to its newest patch");
    for bad in ["latest", "1", "1.x", "1.23\nRUN x", "1.23 ", "1.2$3"] {
        let r = Go.normalize_version(bad);
        if bad == "1.23 " {
            assert_eq!(r.unwrap(), "1.23"); // surrounding space is trimmed
        } else {
            assert!(r.is_err(), "{bad:?} accepted");
        }
    }
}

#[test]
fn port_from_listen_calls_env_defaults_and_literals() {
    let find = |src: &str| find_port(&tokenize(src));
    let (_, p) = find("http.ListenAndServe(\":8081\", nil)");
    assert_eq!(p.unwrap().1, 8081);
    let (env, p) = find("port := os.Getenv(\"PORT\")\nif port == \"\" {\n port = \"9000\"\n}\nhttp.ListenAndServe(\":\"+port, nil)");
    assert!(env);
    assert_eq!(p.unwrap().1, 9000);
    let (_, p) = find("srv := &http.Server{Addr: \"0.0.0.0:7000\"}");
    assert_eq!(p.unwrap().1, 7000);
    let (_, p) = find("r.Run(\"127.0.0.1:3000\")");
    let p = p.unwrap();
    assert_eq!((p.1, p.3), (3000, true), "loopback must be flagged");
    let (_, p) = find("const dsn = \"db:5432\"");
    assert!(p.is_none(), "a host:port of another service is not our port");
    // traefik/whoami: a helper with a default.
    let (_, p) = find("flag.StringVar(&port, \"port\", getEnv(\"WHOAMI_PORT_NUMBER\", \"80\"), \"give me a port number\")");
    assert_eq!(p.unwrap().1, 80);
    let (_, p) = find("x := lookup(\"DB_PORT_NAME\", \"postgres\")");
    assert!(p.is_none());
}

#[test]
fn folders_with_unsafe_names_are_never_main_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let main = "package main\nfunc main() {}\n";
    for d in ["cmd/ok", "cmd/evil\nRUN curl x | sh", "cmd/a b", "cmd/q'uote"] {
        fs::create_dir_all(dir.path().join(d)).unwrap();
        fs::write(dir.path().join(d).join("main.go"), main).unwrap();
    }
    fs::write(dir.path().join("go.mod"), "module x\n").unwrap();
    let index = DirIndex::scan(dir.path()).unwrap();
    assert_eq!(main_candidates(&index).unwrap(), ["./cmd/ok"]);
}

#[test]
fn binary_names_are_safe() {
    assert_eq!(binary_name(".", "example.com/hello"), "hello");
    assert_eq!(binary_name(".", "example.com/hello/v2"), "hello");
    assert_eq!(binary_name("./cmd/api-server", "x"), "api-server");
    assert_eq!(binary_name(".", "example.com/$(rm -rf)"), "rm-rf");
    assert_eq!(binary_name(".", "\n"), "app");
}
