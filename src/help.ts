export const HELP = `skybackup-mcp: MCP server for the MariaDB Cloud (SkySQL) Backups API

Usage:
  skybackup-mcp [options]            serve MCP over stdio (what an assistant runs)
  skybackup-mcp --demo               serve MCP against a built-in emulator with demo data
  skybackup-mcp call <tool> ['<json arguments>'] [--json]
                                     run one tool, print its text (or structured result); exit 1 on error
  skybackup-mcp audit [--max-age-hours N] [--lookback-days N] [--max-full-age-days N]
                     [--services a,b] [--json]
                                     print the backup audit; exit 0 ok, 1 warnings, 2 critical, 3 failed
  skybackup-mcp emulator [--port N]  run the Backups API emulator over HTTP
  All of them work with --demo (no account needed), e.g. npx skybackup-mcp --demo audit

Options (environment variable in brackets; flags win):
  --api-url URL      API base URL [SKYSQL_API_URL] (default https://api.skysql.com)
  --org-id ID        organization, sent as X-MDB-Org [SKYSQL_ORG_ID]
  --timeout-ms N     per-request timeout in ms [SKYSQL_TIMEOUT_MS] (default 30000)
  --deadline-ms N    overall budget of one tool call [SKYSQL_DEADLINE_MS] (default 120000)
  --max-retries N    retries of reads on transient failures [SKYSQL_MAX_RETRIES] (default 3)
  --read-only        register only read tools [SKYSQL_READ_ONLY]
  --tools a,b        register only these tools [SKYSQL_TOOLS]
  --disable-tools a,b  never register these tools [SKYSQL_DISABLE_TOOLS]
  --services a,b     limit every tool to these services [SKYSQL_SERVICES]
  --confirm MODE     always (default): update/delete need a confirmation; never: run at once [SKYSQL_CONFIRM]
  --demo             use the in-process emulator; no API key needed
  A bad setting prints one line and exits 64.
  -h, --help         show this help
  -v, --version      print the version
  The API key is read only from SKYSQL_API_KEY (never a flag, so it stays out of process lists).

Emulator options:
  --port N (default 8080, 0 = any free port)  --host H (default 127.0.0.1)
  --seed N (default 42)  --backups N  --service-count N   size of the generated data
`;
