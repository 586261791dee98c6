/**
 * One method per Backups API endpoint. Path segments are encoded here even
 * though the tools validate ids first: defence in depth against a segment
 * ever reaching another route.
 */
import {
  anObject,
  objectOrArray,
  pagedList,
  readBackupPage,
  readSchedule,
  readSchedulePage,
  readServiceBackups,
  readOneRestore,
  readPitrSources,
  readRestorePage,
  readRestoreTargets,
  type BackupPage,
  type BackupType,
  type Schedule,
  type SchedulePage,
  type PitrSources,
  type Restore,
  type RestorePage,
  type RestoreTargets,
} from "./records.js";
import { HttpClient, type HttpOptions, type HttpRequest } from "./transport.js";

const BACKUPS = "/skybackup/v1/backups";

type Order = "asc" | "desc";

export interface PageQuery {
  page?: number;
  page_size?: number;
  order?: Order;
}

export interface ListBackupsQuery extends PageQuery {
  service_id?: string;
  status?: string;
}

export interface ListSchedulesQuery extends PageQuery {
  service_id: string;
  type?: string;
}

export interface CreateScheduleBody {
  service_id: string;
  backup_type: BackupType;
  schedule: string;
  /** credentials are sent base64-encoded, as the real API's Go []byte expects. */
  external_storage?: { bucket: { path: string; credentials?: string } };
}

export interface UpdateScheduleBody {
  backup_type?: BackupType;
  schedule?: string;
  suspended?: boolean;
}

function schedulePath(id: number): string {
  return `${BACKUPS}/schedules/${encodeURIComponent(String(id))}`;
}

/**
 * The restore endpoints (/skybackup/v1/restores). Retries follow the method
 * (transport.ts): reads are retried, a POST or DELETE never is once it may
 * have reached the API, so a restore (which erases the target's data) is
 * never started twice by us.
 */
const RESTORES = "/skybackup/v1/restores";

/** A call's signal, and values sent in it (credentials) to scrub from an error body before it is cut. */
export type CallOptions = Pick<HttpRequest, "signal" | "secrets">;

export interface ListRestoresQuery {
  /** The TARGET service; the spec requires it. */
  service_id: string;
  page?: number;
  page_size?: number;
  /** "physical" or "logical". */
  type?: string;
  order?: "asc" | "desc";
}

export type RestoreMethod = "mariabackup" | "mysqldump";

export interface ExternalSourceBody {
  /** gs://BUCKET/ or s3://BUCKET/ */
  bucket: string;
  method: RestoreMethod;
  /** base64 of a GCP service-account key JSON or an AWS INI text; a secret. */
  credentials?: string;
  /** A secret. */
  encryption_key?: string;
}

export interface CreateRestoreBody {
  /** The backup id (managed), the source service id (point in time), or the file in the bucket (external). */
  id: string;
  /** The TARGET service: its data is erased. */
  service_id: string;
  /** 'YYYY-MM-DD hh:mm:ss' in UTC, with `id` the source service id. */
  point_in_time?: string;
  external_source?: ExternalSourceBody;
}

export interface LookupRestoreBody {
  backup_id: string;
  /** The SOURCE service of the backup. */
  service_id: string;
}

function restorePath(id: number): string {
  return `${RESTORES}/${encodeURIComponent(String(id))}`;
}

/** The body's own secrets, so an error that echoes them is scrubbed even if the caller forgot. */
function secretsOf(body: CreateRestoreBody, opts: CallOptions): string[] {
  const external = body.external_source;
  const own = [external?.credentials, external?.encryption_key].filter(
    (s): s is string => typeof s === "string" && s !== "",
  );
  return [...(opts.secrets ?? []), ...own];
}

/** Every endpoint of the Backups and Restores APIs: one object the tools share. */
export class BackupsApi {
  private readonly http: HttpClient;

  constructor(options: HttpOptions) {
    this.http = new HttpClient(options);
  }

  async listBackups(query: ListBackupsQuery, opts: CallOptions = {}): Promise<BackupPage> {
    const raw = await this.http.send({
      method: "GET",
      path: BACKUPS,
      query: { ...query },
      checkShape: pagedList("backups"),
      ...opts,
    });
    return readBackupPage(raw);
  }

  async listServiceBackups(
    serviceId: string,
    query: PageQuery = {},
    opts: CallOptions = {},
  ): Promise<BackupPage> {
    const path = `${BACKUPS}/${encodeURIComponent(serviceId)}`;
    const raw = await this.http.send({
      method: "GET",
      path,
      query: { ...query },
      checkShape: objectOrArray("backups"),
      ...opts,
    });
    return readServiceBackups(raw);
  }

  async listSchedules(query: ListSchedulesQuery, opts: CallOptions = {}): Promise<SchedulePage> {
    const raw = await this.http.send({
      method: "GET",
      path: `${BACKUPS}/schedules`,
      query: { ...query },
      checkShape: pagedList("schedules"),
      ...opts,
    });
    return readSchedulePage(raw);
  }

  async getSchedule(id: number, opts: CallOptions = {}): Promise<Schedule> {
    const raw = await this.http.send({
      method: "GET",
      path: schedulePath(id),
      checkShape: anObject("a schedule"),
      ...opts,
    });
    return readSchedule(raw);
  }

  async createSchedule(body: CreateScheduleBody, opts: CallOptions = {}): Promise<Schedule> {
    const raw = await this.http.send({
      method: "POST",
      path: `${BACKUPS}/schedules`,
      body,
      checkShape: anObject("the created schedule"),
      ...opts,
    });
    return readSchedule(raw);
  }

  async updateSchedule(
    id: number,
    body: UpdateScheduleBody,
    opts: CallOptions = {},
  ): Promise<Schedule> {
    const raw = await this.http.send({
      method: "PATCH",
      path: schedulePath(id),
      body,
      checkShape: anObject("the updated schedule"),
      ...opts,
    });
    return readSchedule(raw);
  }

  /** The API answers 200 with no body; anything it does send is ignored. */
  async deleteSchedule(id: number, opts: CallOptions = {}): Promise<void> {
    await this.http.send({ method: "DELETE", path: schedulePath(id), ignoreBody: true, ...opts });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  async listRestores(query: ListRestoresQuery, opts: CallOptions = {}): Promise<RestorePage> {
    const raw = await this.http.send({
      method: "GET",
      path: RESTORES,
      query: { ...query },
      checkShape: objectOrArray("restores"),
      ...opts,
    });
    return readRestorePage(raw);
  }

  async getRestore(id: number, opts: CallOptions = {}): Promise<Restore> {
    const raw = await this.http.send({
      method: "GET",
      path: restorePath(id),
      checkShape: objectOrArray("a restore"),
      ...opts,
    });
    return readOneRestore(raw, id);
  }

  /** Starts a restore: the target's data is erased. Never retried once it may have been sent. */
  async createRestore(body: CreateRestoreBody, opts: CallOptions = {}): Promise<Restore> {
    const raw = await this.http.send({
      method: "POST",
      path: RESTORES,
      body,
      checkShape: objectOrArray("the created restore"),
      ...opts,
      secrets: secretsOf(body, opts),
    });
    return readOneRestore(raw);
  }

  /** DELETE /restores/{id}: the API documents no body; anything it sends is ignored. */
  async cancelRestore(id: number, opts: CallOptions = {}): Promise<void> {
    await this.http.send({ method: "DELETE", path: restorePath(id), ignoreBody: true, ...opts });
  }

  /** The services a backup can be restored into. A POST, so not retried (the write rule), though it changes nothing. */
  async lookupRestoreTargets(
    body: LookupRestoreBody,
    opts: CallOptions = {},
  ): Promise<RestoreTargets> {
    const raw = await this.http.send({
      method: "POST",
      path: `${RESTORES}/lookup`,
      body,
      checkShape: objectOrArray("restore targets"),
      ...opts,
    });
    return readRestoreTargets(raw);
  }

  /**
   * The services that can supply a point-in-time restore, with their windows.
   * The spec declares no parameters; `service_id` is sent only when given
   * (the emulator filters by it; the real API may ignore it).
   */
  async pointInTimeSources(
    query: { service_id?: string } = {},
    opts: CallOptions = {},
  ): Promise<PitrSources> {
    const raw = await this.http.send({
      method: "GET",
      path: `${RESTORES}/pointintime/lookup`,
      query: { ...query },
      checkShape: objectOrArray("point-in-time sources"),
      ...opts,
    });
    return readPitrSources(raw);
  }
}
