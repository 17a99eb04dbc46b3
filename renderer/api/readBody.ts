/**
 * A response body read into one ArrayBuffer of the announced length. Chromium's
 * `arrayBuffer()` gathers the chunks and then copies them into the result,
 * so a 120 MB snapshot frame briefly took 240 MB; this keeps one copy and
 * reports progress on the way.
 */
export async function readBody(
  res: Response,
  onProgress?: (received: number, total: number) => void,
): Promise<ArrayBuffer> {
  const total = Number(res.headers.get('Content-Length'));
  if (!res.body || !Number.isSafeInteger(total) || total <= 0) return res.arrayBuffer();
  const out = new Uint8Array(total);
  const reader = res.body.getReader();
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.byteLength > total) {
      await reader.cancel();
      throw new Error(`download longer than announced (${total} bytes)`);
    }
    out.set(value, received);
    received += value.byteLength;
    onProgress?.(received, total);
  }
  if (received !== total) throw new Error(`download ended after ${received} of ${total} bytes`);
  return out.buffer;
}
