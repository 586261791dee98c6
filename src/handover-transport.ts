/**
 * The stdio transport the real server gets after fast-start.ts answered the
 * first requests: it replays what was read so far, keeps reading stdin, and
 * drops the server's own answers to requests that were already answered.
 */
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { JSONRPCMessageSchema, type JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import type { EarlyState } from "./fast-start.js";

export class HandoverTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly buffer = new ReadBuffer();
  private readonly onData = (chunk: Buffer) => {
    this.buffer.append(chunk);
    this.drain();
  };

  constructor(private readonly early: EarlyState) {}

  async start(): Promise<void> {
    this.early.stop();
    process.stdin.on("data", this.onData);
    const queued = this.early.queued.splice(0);
    if (this.early.pending) this.buffer.append(Buffer.from(this.early.pending, "utf8"));
    // After start() returns the server is ready for messages; replay in order, then what stdin holds.
    setImmediate(() => {
      for (const raw of queued) this.deliver(() => JSONRPCMessageSchema.parse(raw));
      this.drain();
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const isResponse = "id" in message && !("method" in message);
    if (isResponse && message.id !== undefined && this.early.answered.delete(message.id)) return;
    process.stdout.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    process.stdin.off("data", this.onData);
    this.onclose?.();
  }

  private drain(): void {
    for (;;) {
      let message: JSONRPCMessage | null = null;
      try {
        message = this.buffer.readMessage();
      } catch (error) {
        this.onerror?.(error as Error);
        continue;
      }
      if (message === null) return;
      const parsed = message;
      this.deliver(() => parsed);
    }
  }

  private deliver(read: () => JSONRPCMessage): void {
    try {
      this.onmessage?.(read());
    } catch (error) {
      this.onerror?.(error as Error);
    }
  }
}
