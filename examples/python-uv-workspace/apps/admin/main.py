from greeting import Greeting

print(Greeting(who="admin").text())
