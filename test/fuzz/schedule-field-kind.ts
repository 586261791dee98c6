/**
 * The schedule field of create_backup_schedule and update_backup_schedule:
 * "once" or a 5-field UTC cron (judged by cron-oracle.ts), with near misses from
 * other cron dialects, stray whitespace and hostile text.
 */
import fc from "fast-check";
import { scheduleVerdict, validCron } from "./cron-oracle.js";
import { hostileString, hugeString, taint, wrongType } from "./hostile-values.js";
import type { FieldKind } from "./field-kinds.js";

const SCHEDULE_NEAR_MISSES = [
  ...["ONCE", "once ", " once", "Once", "0 2 * *", "0 2 * * * *", "@daily", "0 2 * * ?"],
  ...["0 2 L * *", "0 2 * * 1#2", "60 2 * * *", "0 24 * * *", "0 2 0 * *", "0 2 32 * *"],
  ...["0 2 * 13 *", "0 2 * * 8", "*/0 * * * *", "1-60 * * * *", "a b c d e", "0 2 * * *\n"],
  ...["0\t2 * * *", "0  2  * * *", "0 2 * * *\u0000", "0 2 * * *; rm -rf /", "5-1 * * * *"],
  ...["0 2 * * mon-fri", "5/10 * * * *", "0 2 31 2 *", "*/90 * * * *", "05 2 * * *", ""],
];

export const scheduleKind: FieldKind = {
  valid: fc.oneof(
    { weight: 1, arbitrary: fc.constant("once") },
    { weight: 4, arbitrary: validCron },
  ),
  hostile: fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SCHEDULE_NEAR_MISSES) },
    { weight: 2, arbitrary: taint(validCron) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          validCron,
          fc.constantFrom("  ", "\t", "\n", "\r\n", "\u00a0", "\u2028", "\ufeff", "\u000b"),
        )
        .map(([cron, space]) => cron.replace(" ", space)),
    },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: hugeString },
    { weight: 1, arbitrary: wrongType },
  ),
  problems(v, name) {
    const verdict = scheduleVerdict(v);
    return verdict === "valid" ? [] : [{ verdict, mentions: [name] }];
  },
};
