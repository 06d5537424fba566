/// The greeting; edit it to see a rebuild that reuses the compiled dependencies.
pub fn greeting() -> &'static str {
    "served by a static or glibc binary"
}
