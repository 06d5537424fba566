import { banner } from "@repo/ui";

export const dynamic = "force-dynamic";

export default function Page() {
  return <main>{banner("web")}</main>;
}
