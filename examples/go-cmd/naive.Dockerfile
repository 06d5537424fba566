# What a beginner writes: one stage, the whole toolchain shipped, running as root.
FROM golang:1.23
WORKDIR /app
COPY . .
RUN go build -o server ./cmd/server
EXPOSE 9090
CMD ["./server"]
