module example.com/shop/pkg/version

go 1.23
