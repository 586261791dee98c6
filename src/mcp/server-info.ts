/**
 * What the server says about itself on initialize (serverInfo): a title and
 * a one-line description a client can show in its server list, and an icon.
 * The icon is an inline SVG (a database drum with a clock hand), so no client
 * has to fetch anything from a host it does not know. No websiteUrl yet: the
 * project has no public home to point at, and a made-up one would be wrong.
 */
import type { Implementation } from "@modelcontextprotocol/sdk/types.js";
import { VERSION } from "../version.js";

const ICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><ellipse cx="14" cy="7" rx="10" ry="4" fill="#1f6feb"/><path d="M4 7v16c0 2.2 4.5 4 10 4s10-1.8 10-4V7c0 2.2-4.5 4-10 4S4 9.2 4 7z" fill="#1f6feb" opacity=".8"/><circle cx="24" cy="23" r="7" fill="#fff" stroke="#1f6feb" stroke-width="2"/><path d="M24 19v4l3 2" stroke="#1f6feb" stroke-width="2" fill="none"/></svg>';

export const SERVER_INFO: Implementation = {
  name: "skybackup-mcp",
  title: "MariaDB Cloud Backups",
  version: VERSION,
  description:
    "Backups, schedules, restores and restore drills of MariaDB Cloud (SkySQL), with a posture audit and restore planning",
  icons: [
    {
      src: `data:image/svg+xml;base64,${Buffer.from(ICON_SVG).toString("base64")}`,
      mimeType: "image/svg+xml",
      sizes: ["any"],
    },
  ],
};
