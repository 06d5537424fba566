//! The service: the one binary of this workspace that serves HTTP.
use tiny_http::{Response, Server};

fn main() {
    let port: u16 = std::env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(8090);
    let server = Server::http(("0.0.0.0", port)).expect("bind");
    for request in server.incoming_requests() {
        let body = match request.url() {
            "/" => "hello from the api crate of a cargo workspace\n",
            _ => "not found\n",
        };
        let code = if request.url() == "/" { 200 } else { 404 };
        let _ = request.respond(Response::from_string(body).with_status_code(code));
    }
}
