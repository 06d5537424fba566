# What many tutorials write: the full toolchain image, run as root.
FROM rust:1.96
WORKDIR /app
COPY . .
RUN cargo build --release
CMD ["cargo", "run", "--release"]
