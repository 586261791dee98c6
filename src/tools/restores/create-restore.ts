/**
 * create_restore: carries out what plan_restore planned. It erases the
 * target, so it always previews first (even under --confirm never), refuses
 * what the API would refuse or what cannot be undone by mistake before any
 * request that writes, and binds its token to what the preview showed.
 */
import { shownId } from "../../api/records.js";
import { z } from "zod";
import { defineTool, type ToolContext } from "../define.js";
import { previewFields, recordId } from "../output.js";
import { loadCredentials } from "../schedules/storage-credentials.js";
import { utcSeconds } from "../../util/format.js";
import { invalidApiIdText, isSendableId } from "../../util/ids.js";
import { pinRelativeTimeMs } from "../../util/time.js";
import { bodyOf } from "./restore-body.js";
import {
  checkOverwrite,
  chooseSource,
  createRestoreInput,
  createRestoreInputWithoutServerFiles,
  type CreateRestoreArgs,
} from "./restore-input.js";
import {
  restoreFingerprint,
  restorePreview,
  startedRecord,
  type ResolvedSource,
} from "./restore-preview.js";
import { resolveServiceSource } from "./restore-source.js";
import {
  backupEligibility,
  externalEligibility,
  pitrEligibility,
  pitrWindow,
  readTarget,
  refuseIfBlocked,
  requireKnownTarget,
  type Eligibility,
  type TargetFacts,
} from "./restore-target.js";

export const createRestore = defineTool({
  name: "create_restore",
  title: "Restore a backup into a service",
  description:
    "Restore into target_service_id, ERASING its data. One source: backup_id, target_time or external. " +
    "Always previews first (confirmation_token).",
  kind: "overwrite",
  instruction: "create_restore (always previews; plan_restore first)",
  prompts: [
    {
      name: "restore-database",
      title: "Restore a service safely",
      description: "Plan, preview, confirm and watch a restore",
      alsoNeeds: ["plan_restore", "get_restore"],
      args: {
        source_service_id: "Service to restore from, e.g. dbtgf28216706",
        target_time: 'UTC time, e.g. "2026-11-26 14:05:00", or "latest"',
        target_service_id: "Service to restore INTO (its data is erased)",
      },
      message: ({ source_service_id, target_time, target_service_id }) =>
        [
          `I want to restore ${source_service_id} as of ${target_time} (UTC) into ${target_service_id}.`,
          `1. Call plan_restore for ${source_service_id} at ${target_time}; if it is not reachable, show me why and the nearest points, and stop.`,
          `2. Call create_restore with source_service_id, target_time and target_service_id, without a token, and show me its whole preview: what is erased, the chain, eligibility and any warning.`,
          "3. Only after I say yes, repeat the same call with its confirmation_token. If it answers with a fresh preview, show me that and ask again.",
          "4. Watch the restore with get_restore until it ends, and tell me how it ended.",
        ].join("\n"),
    },
  ],
  input: createRestoreInput,
  inputWithoutServerFiles: createRestoreInputWithoutServerFiles,
  output: z.looseObject({
    created: z.boolean(),
    target_service_id: z.string(),
    restore_id: recordId.optional(),
    status: z.string().optional(),
    ...previewFields,
  }),
  unknownOutcomeHint:
    "A restore may have started: check list_restores for the target before repeating.",
  statusHints: {
    400: "The API refused the restore (the message says why); nothing was restored.",
  },
  async run(input, ctx) {
    const clock = readClock(input.confirmation_token, ctx);
    const { args, pinned } = pinRelativeTime(input, clock.readAt);
    const choice = chooseSource(args);
    const self = checkOverwrite(choice, args);
    ctx.scope.check(args.target_service_id, "target service");
    if (choice.kind !== "external") ctx.scope.check(choice.serviceId, "source service");
    const secrets = registerExternalSecrets(args, ctx);
    const credentials =
      choice.kind === "external"
        ? await loadCredentials(
            choice.external.credentials,
            choice.external.credentials_file,
            ctx,
            cloudOf(choice.external.bucket),
          )
        : undefined;
    const target = await readTarget(args.target_service_id, ctx);
    const { resolved, eligibility } = await resolve(choice, target, ctx);
    await requireKnownTarget(target, resolved, eligibility, ctx);
    refuseIfBlocked(target, eligibility);
    const parts = restorePreview(resolved, target, eligibility, self);
    if (pinned !== undefined) {
      parts.details.unshift(pinnedLine(pinned));
      parts.preview.pinned_target_time = pinned.absolute;
    }
    const { confirmation_token, ...bound } = args;
    const decision = await ctx.confirm({
      tool: "create_restore",
      target: args.target_service_id,
      args: bound,
      state: restoreFingerprint(resolved, target, eligibility, credentials?.encoded),
      stateLabel: `the restore source or ${args.target_service_id}'s restores`,
      token: confirmation_token,
      alwaysConfirm: true,
      ...parts,
      ...(pinned !== undefined && {
        readAt: clock.readAt,
        refusalNote: pinnedRefusalNote(pinned, clock.fromToken),
      }),
    });
    if (!decision.proceed) return decision.output;
    const restore = await ctx.api.createRestore(bodyOf(resolved, args, credentials?.encoded), {
      signal: ctx.signal,
      secrets: [...secrets, ...(credentials?.secrets ?? [])],
    });
    // The API's id when it is a whole number; one written otherwise is only shown (api/records.ts).
    const apiId = restore.id ?? restore.unusable_id;
    return {
      // The chain was in the preview the user agreed to; the answer names what started.
      structured: {
        ...startedRecord(resolved, target, self),
        ...(pinned !== undefined && { pinned_target_time: pinned.absolute }),
        ...(restore.id !== undefined && { restore_id: restore.id }),
        status: restore.status ?? "unknown",
      },
      text: `Restore #${shownId(restore)} started into ${args.target_service_id} (status ${restore.status ?? "unknown"}); the service is stopped until it ends. ${followText(apiId, args.target_service_id)}`,
    };
  },
});

/** How to watch the restore: by its id, unless the API's id is one get_restore would refuse. */
function followText(id: unknown, targetId: string): string {
  if (isSendableId("restore", id)) return `Watch it with get_restore (id ${id}) until it ends.`;
  const why = id === undefined ? "the API returned no restore id" : invalidApiIdText("restore", id);
  return `${why}, so get_restore cannot follow it: watch list_restores for ${targetId} until it ends.`;
}

async function resolve(
  choice: ReturnType<typeof chooseSource>,
  target: TargetFacts,
  ctx: ToolContext,
): Promise<{ resolved: ResolvedSource; eligibility: Eligibility }> {
  if (choice.kind === "external")
    return { resolved: choice, eligibility: externalEligibility(choice.external, target) };
  if (choice.kind === "backup") {
    const source = await resolveServiceSource(choice, ctx);
    const eligibility = await backupEligibility(choice.backupId, source, target, ctx);
    if (target.serviceName === undefined && eligibility.targetName !== undefined)
      target.serviceName = eligibility.targetName;
    return { resolved: { kind: "backup", source }, eligibility };
  }
  const window = await pitrWindow(choice.serviceId, ctx);
  const source = await resolveServiceSource(choice, ctx, window?.endMs);
  if (source.kind === "backup") {
    // "latest" landed on a base or incremental no binlog replays past: restored by its id.
    const lastId = source.chain.at(-1)?.id ?? "";
    const eligibility = await backupEligibility(lastId, source, target, ctx);
    return { resolved: { kind: "backup", source }, eligibility };
  }
  return {
    resolved: { kind: "pitr", source },
    eligibility: pitrEligibility(source, target, window),
  };
}

/** The encryption key is a secret from the moment it arrives, whatever happens next. */
function registerExternalSecrets(args: CreateRestoreArgs, ctx: ToolContext): string[] {
  const key = args.external?.encryption_key;
  if (key === undefined) return [];
  ctx.registerSecret(key);
  return [key];
}

const cloudOf = (bucket: string): "gcp" | "aws" => (bucket.startsWith("s3://") ? "aws" : "gcp");

/**
 * "-3h" means another moment at every call, so it is read once, at the preview,
 * and the preview's token carries that moment (signed, so any replica reads it
 * alike): the same words repeated with the token mean the point the user saw.
 */
function readClock(
  token: string | undefined,
  ctx: ToolContext,
): { readAt: number; fromToken: boolean } {
  const carried = token === undefined ? undefined : ctx.confirm.previewClock(token);
  return carried === undefined
    ? { readAt: ctx.now().getTime(), fromToken: false }
    : { readAt: carried, fromToken: true };
}

interface PinnedTime {
  /** As the caller wrote it: "-3h". */
  given: string;
  /** The second it means, in the form target_time accepts: "2026-12-05 04:12:00". */
  absolute: string;
}

/** Pins a relative target_time to the second it means at `readAtMs`; other inputs pass unchanged. */
function pinRelativeTime<A extends { target_time?: string }>(
  args: A,
  readAtMs: number,
): { args: A; pinned?: PinnedTime } {
  const given = args.target_time;
  const ms = given === undefined ? undefined : pinRelativeTimeMs(given, readAtMs);
  if (given === undefined || ms === undefined) return { args };
  const absolute = utcSeconds(ms).replace(" UTC", "");
  return { args: { ...args, target_time: absolute }, pinned: { given, absolute } };
}

const pinnedLine = ({ given, absolute }: PinnedTime): string =>
  `target_time "${given}" is pinned to "${absolute}" (UTC) and the token holds that point: repeat the same call (target_time "${given}" or "${absolute}") with the token.`;

/** Why a token may not fit a relative time: the moment it was read at is named. */
const pinnedRefusalNote = ({ given, absolute }: PinnedTime, fromToken: boolean): string =>
  fromToken
    ? `target_time "${given}", read at the moment the token's preview read it, means "${absolute}".`
    : `The token holds no pinned point, so target_time "${given}" was read now, as "${absolute}".`;
