import { env } from "../env.js";

export const dynamic = "force-dynamic";

export default function Home() {
  return <p>{`${env.APP_GREETING} from a t3 env app`}</p>;
}
