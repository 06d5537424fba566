require "sinatra/base"

class App < Sinatra::Base
  get "/" do
    "hello from sinatra (uid #{Process.uid})\n"
  end
end
