export default function Home() {
  return (
    <main>
      <h1>sync-wasm in Next.js</h1>
      <p>
        Routes: <a href="/api/edge">/api/edge</a>, <a href="/api/node">/api/node</a>, <a href="/client">/client</a>
      </p>
    </main>
  );
}
