//! A std-only HTTP server: no dependencies at all.
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

mod reply;

fn main() {
    let listener = TcpListener::bind("0.0.0.0:7878").expect("bind 0.0.0.0:7878");
    println!("listening on :7878");
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let mut request_line = String::new();
        if BufReader::new(&stream).read_line(&mut request_line).is_err() {
            continue;
        }
        let path = request_line.split_whitespace().nth(1).unwrap_or("/");
        let (status, body) = reply::for_path(path);
        let response = format!("HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len());
        let _ = stream.write_all(response.as_bytes());
    }
}
