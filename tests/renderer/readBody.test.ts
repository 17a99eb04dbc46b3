import { describe, expect, it } from 'vitest';
import { readBody } from '../../renderer/api/readBody.js';

const response = (chunks: number[][], length: number | null) =>
  new Response(
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(Uint8Array.from(ch));
        c.close();
      },
    }),
    { headers: length === null ? {} : { 'Content-Length': String(length) } },
  );

describe('reading the snapshot download', () => {
  it('assembles the chunks into one buffer of the announced length, reporting progress', async () => {
    const progress: [number, number][] = [];
    const buf = await readBody(response([[1, 2], [3], [4, 5, 6]], 6), (r, t) => progress.push([r, t]));
    expect(Array.from(new Uint8Array(buf))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(buf.byteLength).toBe(6);
    expect(progress).toEqual([
      [2, 6],
      [3, 6],
      [6, 6],
    ]);
  });

  it('refuses a body shorter or longer than announced instead of decoding a torn frame', async () => {
    await expect(readBody(response([[1, 2], [3]], 6))).rejects.toThrow('download ended after 3 of 6 bytes');
    await expect(
      readBody(
        response(
          [
            [1, 2],
            [3, 4],
          ],
          3,
        ),
      ),
    ).rejects.toThrow('download longer than announced (3 bytes)');
  });

  it('falls back to reading the whole body when no length is announced', async () => {
    const buf = await readBody(response([[7], [8, 9]], null));
    expect(Array.from(new Uint8Array(buf))).toEqual([7, 8, 9]);
  });
});
