/**
 * create_restore's own write: the confirmed POST /skybackup/v1/restores. The matrix
 * (confirmation off) reaches only its preview, which create_restore shows even then, so
 * here each fault meets the confirmed POST. It is sent once, whatever happens: a second
 * restore would erase the target again.
 */
import { describe, it } from "vitest";
import { FAULT_CASES } from "./fault-cases.js";
import { DEADLINE_MS, MARGIN_MS, restoreTarget, startRig } from "./fault-rig.js";

const RESTORES = "/skybackup/v1/restores";

describe.concurrent("the confirmed restore POST meets a fault once and is not sent again", () => {
  for (const fault of FAULT_CASES) {
    it(`create_restore meets ${fault.label}`, async ({ expect }) => {
      const rig = await startRig();
      try {
        const args = {
          target_service_id: restoreTarget(rig),
          external: { bucket: "gs://fault-bucket/", method: "mysqldump", file: "dump.sql.gz" },
        };
        const preview = await rig.call("create_restore", args);
        const token = preview.result.structuredContent?.confirmation_token;
        expect(typeof token, preview.text).toBe("string");
        const from = rig.emulator.requests.length;
        rig.emulator.faults.add({
          ...fault.spec,
          match: { method: "POST", path: RESTORES },
          times: 1,
        });
        const { result, text, ms } = await rig.call("create_restore", {
          ...args,
          confirmation_token: token,
        });
        rig.emulator.faults.clear();
        const posts = rig.since(from).filter((r) => r.method !== "GET");
        expect(ms, text).toBeLessThan(DEADLINE_MS + MARGIN_MS);
        expect(
          posts.map((r) => `${r.method} ${r.path}`),
          text,
        ).toEqual([`POST ${RESTORES}`]);
        expect(posts[0]?.fault).toBe(fault.spec.fault);
        if (fault.benign || fault.benignFor?.includes("POST")) {
          expect(result.isError, text).toBeFalsy();
          expect(result.structuredContent).toMatchObject({ created: true });
        } else {
          expect(result.isError, text).toBe(true);
          expect(text).toMatch(fault.error);
          if (fault.maybeApplied) {
            expect(text).toContain("may have been applied");
            expect(text).toContain("check list_restores for the target before repeating");
          }
        }
      } finally {
        await rig.close();
      }
    });
  }
});
