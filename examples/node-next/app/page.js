export const dynamic = "force-dynamic";

export default function Page() {
  return <main>hello from next standalone (rendered at {new Date().toISOString()})</main>;
}
