/** The baseline every MCP figure is held against: the API called directly with undici. */
import { Agent, request } from "undici";
import { API_KEY } from "./context.js";

const BACKUPS_PATH = "/skybackup/v1/backups";

/** As many sockets as the server's own pool (src/api/transport.ts), so throughput compares like with like. */
const CONNECTIONS = 16;

export class DirectApi {
  private readonly agent = new Agent({ connections: CONNECTIONS, keepAliveTimeout: 30_000 });

  constructor(private readonly baseUrl: string) {}

  /** GET and return the body exactly as the API sent it. */
  async text(path: string): Promise<string> {
    const response = await request(this.baseUrl + path, {
      headers: { "x-api-key": API_KEY, accept: "application/json" },
      dispatcher: this.agent,
    });
    const body = await response.body.text();
    if (response.statusCode !== 200)
      throw new Error(`GET ${path} -> ${response.statusCode}: ${body}`);
    return body;
  }

  /** GET + JSON.parse: what a client without MCP would do with a page. */
  async json(path: string): Promise<unknown> {
    return JSON.parse(await this.text(path)) as unknown;
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

export function backupsPage(page: number, pageSize: number): string {
  return `${BACKUPS_PATH}?page=${page}&page_size=${pageSize}`;
}
