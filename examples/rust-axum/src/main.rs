use axum::{Json, Router, routing::get};
use serde::Serialize;
use std::net::SocketAddr;

mod names;

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

#[tokio::main]
async fn main() {
    let app = Router::new()
        .route("/", get(|| async { format!("hello from axum, {}\n", names::greeting()) }))
        .route("/health", get(|| async { Json(Health { status: "up" }) }));
    let addr = SocketAddr::from(([0, 0, 0, 0], 3000));
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    axum::serve(listener, app).await.expect("serve");
}
