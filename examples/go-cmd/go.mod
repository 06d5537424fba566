module github.com/acme/greeter

go 1.23.0

toolchain go1.23.4
