# What a careful engineer writes by hand: the registry and target folder as
# cache mounts, a stripped release binary, distroless cc as the nonroot user.
FROM rust:1.98-slim-trixie AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/src/target \
    CARGO_PROFILE_RELEASE_STRIP=symbols cargo build --release --locked \
 && cp target/release/greeter /greeter

FROM gcr.io/distroless/cc-debian13:nonroot
COPY --from=build /greeter /greeter
USER nonroot:nonroot
EXPOSE 3000
ENTRYPOINT ["/greeter"]
