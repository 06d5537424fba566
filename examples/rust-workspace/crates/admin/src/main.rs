//! A command-line tool beside the service: not what the image ships.
fn main() {
    println!("admin: nothing to do");
}
