# What a beginner writes: one stage, the whole toolchain shipped, running as root.
FROM golang:1.22
WORKDIR /app
COPY . .
RUN go build -o server .
EXPOSE 8080
CMD ["./server"]
