module example.com/cgo-server

go 1.22
