/** The local Backups API emulator: demo mode, the standalone `emulator` command, and tests. */
export { startEmulator } from "./server.js";
export { runStandaloneEmulator, type StandaloneOptions } from "./standalone.js";
export { generateDataset } from "./dataset.js";
export { SCENARIOS, SCENARIO_ROLES, type ScenarioRole } from "./scenarios.js";
export { EmulatorState } from "./state.js";
export { ONCE_RUN_MINUTES } from "./once-runs.js";
export { type FaultKind, type FaultMatch, type FaultSpec, type Faults } from "./faults.js";
export { BACKUP_TYPES, type BackupType } from "../api/schemas.js";
export {
  type Backup,
  type BackupSchedule,
  type BackupStatus,
  type CloudProvider,
  type ServiceInfo,
} from "./types.js";
export type { EmulatorOptions, RecordedRequest, RunningEmulator } from "./options.js";
