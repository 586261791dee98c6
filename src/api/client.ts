/**
 * One method per Backups API endpoint. Path segments are encoded here even
 * though the tools validate ids first: defence in depth against a segment
 * ever reaching another route.
 */
import { RestoresApi, type CallOptions } from "./restores-client.js";
import { anObject, objectOrArray, pagedList } from "./shapes.js";
import {
  readBackupPage,
  readSchedule,
  readSchedulePage,
  readServiceBackups,
  type BackupPage,
  type BackupType,
  type Schedule,
  type SchedulePage,
} from "./schemas.js";

const BASE = "/skybackup/v1/backups";

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

/** Every endpoint, restores included (inherited from RestoresApi, which owns the HTTP client). */
export class BackupsApi extends RestoresApi {
  async listBackups(query: ListBackupsQuery, opts: CallOptions = {}): Promise<BackupPage> {
    const raw = await this.http.send({
      method: "GET",
      path: BASE,
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
    const path = `${BASE}/${encodeURIComponent(serviceId)}`;
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
      path: `${BASE}/schedules`,
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
      path: `${BASE}/schedules`,
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
}

function schedulePath(id: number): string {
  return `${BASE}/schedules/${encodeURIComponent(String(id))}`;
}
