/** The local Backups API emulator: demo mode, the standalone `emulator` command, and tests. */
export { startEmulator } from "./server.js";
export { runStandaloneEmulator } from "./standalone.js";
export { generateDataset } from "./dataset.js";
export { SCENARIOS } from "./scenarios.js";
export { accountScenarios } from "./accounts.js";
export { EmulatorState } from "./state.js";
export type { FaultSpec } from "./faults.js";
export { BACKUP_TYPES } from "../api/records.js";
export type { Backup, BackupSchedule } from "./types.js";
export type { EmulatorOptions, RecordedRequest, RunningEmulator } from "./options.js";
export { DEMO_RESTORE_SPEEDUP } from "./options.js";
