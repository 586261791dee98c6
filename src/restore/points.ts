/**
 * The restore points a service's backups offer. A restore starts from a
 * base (a successful full, snapshot or dump), optionally applies the
 * successful incrementals that name that base in `reference_full_backup`,
 * and then replays binary logs (see binlog.ts). Each base, and each prefix
 * of its incrementals, is one "start": a chain that restores exactly to its
 * own point, and from which binlogs can carry it further.
 */
import type { Backup } from "../api/schemas.js";
import { binlogSegments, segmentAt, type Segment } from "./binlog.js";
import { idOf, outcomeOf, pointMsOf, typeOf } from "./facts.js";
import { isBaseType } from "../api/schemas.js";

export interface Known {
  id: string;
  type: string;
  at: number;
}

export interface Start {
  at: number;
  base: Known;
  /** The incrementals applied on the base, oldest first (empty for the base alone). */
  incrementals: Known[];
  /** The latest moment binlogs carry this start to (its own point when none do). */
  reach: number;
}

export interface RestorePoints {
  /** Oldest first by point. */
  starts: Start[];
  /** Successful binlog backups, oldest first by point. */
  binlogs: Known[];
  segments: Segment[];
}

const byAt = (a: Known, b: Known): number => a.at - b.at;

export function restorePoints(backups: Iterable<Backup>): RestorePoints {
  const seen = new Set<string>();
  const bases: Known[] = [];
  const binlogs: (Known & { file?: string })[] = [];
  const incrementals = new Map<string, Known[]>();
  for (const backup of backups) {
    const id = idOf(backup);
    const at = pointMsOf(backup);
    // Without an id a backup cannot be named in a chain; without a point it restores to no known moment.
    if (id === undefined || at === undefined || seen.has(id)) continue;
    if (outcomeOf(backup.status) !== "succeeded") continue;
    seen.add(id);
    const known: Known = { id, type: typeOf(backup), at };
    if (isBaseType(known.type)) bases.push(known);
    else if (known.type === "binarylog") {
      const file = typeof backup.binlog_file === "string" ? backup.binlog_file : undefined;
      binlogs.push({ ...known, ...(file !== undefined && { file }) });
    } else if (known.type === "incremental") {
      const ref =
        typeof backup.reference_full_backup === "string" ? backup.reference_full_backup : "";
      if (ref === "") continue;
      const list = incrementals.get(ref) ?? [];
      list.push(known);
      incrementals.set(ref, list);
    }
  }
  binlogs.sort(byAt);
  const segments = binlogSegments(binlogs);
  const reachOf = (at: number): number => Math.max(at, segmentAt(segments, at)?.end ?? at);
  const starts: Start[] = [];
  for (const base of bases) {
    starts.push({ at: base.at, base, incrementals: [], reach: reachOf(base.at) });
    const mine = (incrementals.get(base.id) ?? []).filter((inc) => inc.at >= base.at).sort(byAt);
    mine.forEach((inc, i) => {
      starts.push({ at: inc.at, base, incrementals: mine.slice(0, i + 1), reach: reachOf(inc.at) });
    });
  }
  starts.sort((a, b) => a.at - b.at);
  return { starts, binlogs: binlogs.map(({ id, type, at }) => ({ id, type, at })), segments };
}
