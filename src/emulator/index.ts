/** The local Backups API emulator: demo mode, the standalone `emulator` command, and tests. */
export { startEmulator } from "./server.js";
export { runStandaloneEmulator, type StandaloneOptions } from "./standalone.js";
export { generateDataset } from "./dataset.js";
export { SCENARIOS, SCENARIO_ROLES, type ScenarioRole } from "./scenarios.js";
export { EmulatorState } from "./state.js";
export { ONCE_RUN_MINUTES } from "./once-runs.js";
export { type FaultKind, type FaultMatch, type FaultSpec, type Faults } from "./faults.js";
export {
  BACKUP_TYPES,
  type Backup,
  type BackupSchedule,
  type BackupStatus,
  type BackupType,
  type CloudProvider,
  type EmulatorOptions,
  type RecordedRequest,
  type RunningEmulator,
  type ServiceInfo,
} from "./types.js";
