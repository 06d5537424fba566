from pydantic import BaseModel


class Greeting(BaseModel):
    who: str

    def text(self) -> str:
        return f"hello {self.who} from the uv workspace"
