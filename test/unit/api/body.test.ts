/**
 * readCapped decodes a body chunk by chunk: a character split across two
 * chunks must come out whole, and the byte cap must hold however the body
 * is cut.
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCapped, ResponseTooLarge } from "../../../src/api/transport.js";

type Body = Parameters<typeof readCapped>[0];

/** A body that arrives in the given byte slices of `text`. */
function bodyOf(text: string, cuts: number[]): Body {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    chunks.push(bytes.subarray(from, cut));
    from = cut;
  }
  return Readable.from(chunks) as unknown as Body;
}

describe("readCapped", () => {
  const text = '{"name":"café ☕ 𝄞 naïve"}';

  it("joins characters cut between chunks, at every cut", async () => {
    const length = Buffer.byteLength(text);
    for (let cut = 1; cut < length; cut++) {
      expect(await readCapped(bodyOf(text, [cut]), 1_000)).toBe(text);
    }
    expect(
      await readCapped(
        bodyOf(
          text,
          Array.from({ length: length - 1 }, (_, i) => i + 1),
        ),
        1_000,
      ),
    ).toBe(text);
  });

  it("keeps an invalid byte sequence as replacement characters, not an error", async () => {
    const body = Readable.from([
      Buffer.from([0x7b, 0xe2, 0x98]),
      Buffer.from([0x7d]),
    ]) as unknown as Body;
    expect(await readCapped(body, 100)).toBe("{\ufffd}");
  });

  it("refuses a body past the cap, however it is cut", async () => {
    const length = Buffer.byteLength(text);
    await expect(readCapped(bodyOf(text, [5, 10]), length - 1)).rejects.toBeInstanceOf(
      ResponseTooLarge,
    );
    expect(await readCapped(bodyOf(text, [5, 10]), length)).toBe(text);
  });
});
