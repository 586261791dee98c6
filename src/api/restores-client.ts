/**
 * One method per restore endpoint (/skybackup/v1/restores). BackupsApi
 * extends this class, so the tools keep one API object; it lives apart only
 * to keep client.ts small. Retries follow the method (http.ts): reads are
 * retried, a POST or DELETE never is once it may have reached the API, so a
 * restore (which erases the target's data) is never started twice by us.
 */
import { HttpClient, type HttpOptions, type HttpRequest } from "./http.js";
import { objectOrArray } from "./shapes.js";
import {
  readOneRestore,
  readPitrSources,
  readRestorePage,
  readRestoreTargets,
  type PitrSources,
  type Restore,
  type RestorePage,
  type RestoreTargets,
} from "./restore-schemas.js";

const BASE = "/skybackup/v1/restores";

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
  return `${BASE}/${encodeURIComponent(String(id))}`;
}

/** The body's own secrets, so an error that echoes them is scrubbed even if the caller forgot. */
function secretsOf(body: CreateRestoreBody, opts: CallOptions): string[] {
  const external = body.external_source;
  const own = [external?.credentials, external?.encryption_key].filter(
    (s): s is string => typeof s === "string" && s !== "",
  );
  return [...(opts.secrets ?? []), ...own];
}

export class RestoresApi {
  protected readonly http: HttpClient;

  constructor(options: HttpOptions) {
    this.http = new HttpClient(options);
  }

  async listRestores(query: ListRestoresQuery, opts: CallOptions = {}): Promise<RestorePage> {
    const raw = await this.http.send({
      method: "GET",
      path: BASE,
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
      path: BASE,
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
      path: `${BASE}/lookup`,
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
      path: `${BASE}/pointintime/lookup`,
      query: { ...query },
      checkShape: objectOrArray("point-in-time sources"),
      ...opts,
    });
    return readPitrSources(raw);
  }
}
