/**
 * The one rule for which chain a restore to a moment uses. plan_restore's
 * chain, each of its nearby points, create_restore, the audit's rpo point
 * and list_services' last_restorable all ask it, so no view can name a base
 * that a restore to that moment would not use.
 *
 * Among the starts that reach the moment, choose.ts picks the chain a DBA
 * would. When that chain's base is suspect (suspect.ts) and another chain
 * reaches the moment, the other one is used and a note says why; when none
 * does, the suspect one is used, with a warning.
 */
import { chooseStart } from "./choose.js";
import { newestPoint, type RestorePoints, type Start } from "./points.js";
import { suspectFigures, suspectText, type SuspectBase } from "./suspect.js";
import { utcMinutes } from "../util/format.js";

export interface SuspectNote {
  /** One sentence: which suspect base was passed over (or had to be used), with its figures. */
  message: string;
  /** True when only suspect bases reach the point, so the plan uses one. */
  unavoidable: boolean;
  bases: Record<string, unknown>[];
}

export interface StartChoice {
  start: Start;
  /** The starts it was chosen among: the trusted ones, unless only a suspect base reaches. */
  among: readonly Start[];
  note?: SuspectNote;
}

/** The chain a restore to `target` uses; undefined when no chain reaches it. */
export function startFor(
  points: RestorePoints,
  suspects: readonly SuspectBase[],
  target: number,
): StartChoice | undefined {
  const chosen = chooseStart(points.starts, points.binlogs, target);
  if (chosen === undefined) return undefined;
  const trusted = trustedStarts(points.starts, suspects);
  const skipped = suspects.find((s) => s.id === chosen.base.id);
  if (skipped === undefined) return { start: chosen, among: trusted };
  const instead = chooseStart(trusted, points.binlogs, target);
  if (instead === undefined) {
    const message = `the only base that reaches this point is suspect: ${suspectText(skipped)}; check it holds the data before relying on it (list_service_backups)`;
    const note = { message, unavoidable: true, bases: [suspectFigures(skipped)] };
    return { start: chosen, among: points.starts, note };
  }
  return { start: instead, among: trusted, note: passedOver(skipped, instead) };
}

/**
 * The newest moment a restore reaches, and the chain to it: the newest a
 * trusted base reaches when any does, so a suspect base never makes a
 * service look fresher than it is; the note names one passed over.
 */
export function latestStart(
  points: RestorePoints,
  suspects: readonly SuspectBase[],
): (StartChoice & { at: number }) | undefined {
  const furthest = newestPoint(points);
  if (furthest === undefined) return undefined;
  const trusted = newestPoint({ ...points, starts: [...trustedStarts(points.starts, suspects)] });
  const at = trusted?.at ?? furthest.at;
  const choice = startFor(points, suspects, at);
  if (choice === undefined) return undefined; // Cannot happen: a start reaches `at`.
  // Only suspect bases reach past `at`, so the one that reaches furthest is one of them.
  const skipped =
    at < furthest.at ? suspects.find((s) => s.id === furthest.start.base.id) : undefined;
  return { ...choice, at, ...(skipped && { note: passedOver(skipped, choice.start) }) };
}

function trustedStarts(
  starts: readonly Start[],
  suspects: readonly SuspectBase[],
): readonly Start[] {
  if (suspects.length === 0) return starts;
  const ids = new Set(suspects.map((s) => s.id));
  return starts.filter((s) => !ids.has(s.base.id));
}

function passedOver(skipped: SuspectBase, instead: Start): SuspectNote {
  const message = `passed over a suspect base: ${suspectText(skipped)}; using the ${instead.base.type} of ${utcMinutes(instead.base.at)} instead`;
  return { message, unavoidable: false, bases: [suspectFigures(skipped)] };
}
