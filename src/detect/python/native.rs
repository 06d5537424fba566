//! System packages for Python dependencies that compile: the ones that
//! always do (against a system library), and the ones that do when no wheel
//! fits the chosen Python.

use super::requirements::normalise;

/// Dependencies that compile against system libraries: (package, Debian
/// build packages, Debian runtime packages, Alpine build, Alpine runtime).
pub(super) const NATIVE: &[(&str, &str, &str, &str, &str)] = &[
    ("psycopg2", "gcc libc6-dev libpq-dev", "libpq5", "gcc musl-dev libpq-dev", "libpq"),
    (
        "mysqlclient",
        "gcc libc6-dev pkg-config default-libmysqlclient-dev",
        "libmariadb3",
        "gcc musl-dev pkgconf mariadb-dev",
        "mariadb-connector-c",
    ),
    ("python-ldap", "gcc libc6-dev libldap2-dev libsasl2-dev", "libldap2 libsasl2-2", "gcc musl-dev openldap-dev", "libldap libsasl"),
    ("pycairo", "gcc libc6-dev pkg-config libcairo2-dev", "libcairo2", "gcc musl-dev pkgconf cairo-dev", "cairo"),
    // No wheels at all: compiled against the image's own Python.
    // It links libcrypt (Debian's libcrypt1 is in every image).
    ("uwsgi", "gcc libc6-dev libcrypt-dev", "", "gcc musl-dev linux-headers", ""),
];

/// Packages that need more than a C compiler when they compile because no
/// wheel fits (an old pin on a newer Python): the same columns as NATIVE.
const WHEN_COMPILED: &[(&str, &str, &str, &str, &str)] = &[
    ("psycopg2-binary", "libpq-dev", "libpq5", "libpq-dev", "libpq"),
    ("greenlet", "g++", "", "g++", ""),
    ("gevent", "g++", "", "g++", ""),
    ("lxml", "libxml2-dev libxslt1-dev", "libxml2 libxslt1.1", "libxml2-dev libxslt-dev", "libxml2 libxslt"),
    ("pillow", "libjpeg62-turbo-dev zlib1g-dev", "libjpeg62-turbo", "jpeg-dev zlib-dev", "libjpeg"),
    ("cffi", "libffi-dev", "", "libffi-dev", ""),
    ("mysqlclient", "pkg-config default-libmysqlclient-dev", "libmariadb3", "pkgconf mariadb-dev", "mariadb-connector-c"),
];

/// Build and runtime packages for the native dependencies and the packages
/// that compile (`name version` labels), per libc.
pub(super) fn native_packages(native: &[String], compiled: &[String], musl: bool) -> (Vec<String>, Vec<String>) {
    let (mut build, mut run) = (Vec::new(), Vec::new());
    let compiled: Vec<String> = compiled.iter().map(|c| normalise(c.split([' ', '=']).next().unwrap_or(c))).collect();
    let rows = NATIVE.iter().filter(|row| native.iter().any(|n| n == row.0)).chain(WHEN_COMPILED.iter().filter(|row| compiled.iter().any(|c| c == row.0)));
    for (_, db, dr, ab, ar) in rows {
        let (b, r) = if musl { (ab, ar) } else { (db, dr) };
        build.extend(b.split_whitespace().map(str::to_string));
        run.extend(r.split_whitespace().map(str::to_string));
    }
    build.sort();
    build.dedup();
    run.sort();
    run.dedup();
    (build, run)
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uwsgi_compiles_with_a_compiler_and_ships_no_extra_library() {
        let (build, run) = native_packages(&["uwsgi".to_string()], &[], false);
        assert_eq!((build, run), (vec!["gcc".to_string(), "libc6-dev".to_string(), "libcrypt-dev".to_string()], Vec::<String>::new()));
        let (build, _) = native_packages(&["uwsgi".to_string()], &[], true);
        assert!(build.contains(&"linux-headers".to_string()));
    }
}
