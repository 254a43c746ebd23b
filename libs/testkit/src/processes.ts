export { freePort } from '@schools24/test-servers';

/** Polls `url` until it answers 200 (a process's /ready), or throws at `deadline` (epoch ms). */
export async function waitForReady(url: string, deadline: number): Promise<Response> {
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status === 200) return response;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} never became ready`);
}
