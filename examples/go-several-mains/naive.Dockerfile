# What a beginner writes: one stage with the whole toolchain, running as root.
FROM golang:1.25
WORKDIR /src
COPY . .
RUN go build -o /shop ./cmd/shop
EXPOSE 8080
CMD ["/shop"]
