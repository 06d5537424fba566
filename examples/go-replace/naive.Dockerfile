# What people write first: the whole repository and the Go toolchain in the image.
FROM golang:1.24
WORKDIR /src
COPY . .
RUN cd services/api && go build -o /usr/local/bin/api .
CMD ["api"]
