# What a beginner writes: one stage, the whole toolchain shipped, running as root.
FROM golang:1.21
WORKDIR /app
COPY . .
RUN go build -o server .
EXPOSE 8000
CMD ["./server"]
