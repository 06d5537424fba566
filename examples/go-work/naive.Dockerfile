# What people write first: the whole workspace and the Go toolchain in the image.
FROM golang:1.24
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/api ./api
CMD ["api"]
