module example.com/shop/services/api

go 1.23

require example.com/shop/pkg/version v0.0.0

replace example.com/shop/pkg/version => ../../pkg/version
