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
  private readonly onStdinError = (error: Error) => this.onerror?.(error);

  constructor(private readonly early: EarlyState) {}

  async start(): Promise<void> {
    this.early.stop();
    // The server set onmessage before calling start(), so the queue is replayed here, in order and
    // before any newer stdin data can be read: nothing overtakes it and nothing waits on a timer.
    for (const raw of this.early.queued.splice(0))
      this.deliver(() => JSONRPCMessageSchema.parse(raw));
    if (this.early.pending.length > 0) this.buffer.append(this.early.pending);
    this.drain();
    process.stdin.on("data", this.onData);
    process.stdin.on("error", this.onStdinError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const isResponse = "id" in message && !("method" in message);
    if (isResponse && message.id !== undefined && this.early.answered.delete(message.id)) return;
    process.stdout.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    process.stdin.off("data", this.onData);
    process.stdin.off("error", this.onStdinError);
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
