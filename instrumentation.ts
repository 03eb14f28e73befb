// Next.js calls register() once when the server starts: bring the runtime up then (database,
// compute agent, controller), so load balancers are reconciled and instances serve before the
// first request, and a crash-restart picks up pending work on its own.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { getRuntime } = await import("./server/runtime");
    await getRuntime();
  }
}
