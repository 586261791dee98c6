export const HELP = `skybackup-mcp: MCP server for the MariaDB Cloud (SkySQL) Backups API

Usage:
  skybackup-mcp [options]            serve MCP over stdio (what an assistant runs)
  skybackup-mcp --demo               serve MCP against a built-in emulator with demo data
  skybackup-mcp emulator [--port N]  run the Backups API emulator over HTTP

Options (environment variable in brackets; flags win):
  --api-url URL      API base URL [SKYSQL_API_URL] (default https://api.skysql.com)
  --org-id ID        organization, sent as X-MDB-Org [SKYSQL_ORG_ID]
  --timeout-ms N     per-request timeout in ms [SKYSQL_TIMEOUT_MS] (default 30000)
  --demo             use the in-process emulator; no API key needed
  -h, --help         show this help
  -v, --version      print the version
  The API key is read only from SKYSQL_API_KEY (never a flag, so it stays out of process lists).

Emulator options:
  --port N (default 8080, 0 = any free port)  --host H (default 127.0.0.1)
  --seed N (default 42)  --backups N  --service-count N   size of the generated data
`;
