import { describe, expect, it } from "vitest";
import { withoutSecretFields } from "../../../src/util/redact.js";

describe("withoutSecretFields", () => {
  it("drops a restore's echoed encryption key and credentials, keeping its backup key", () => {
    const record = {
      id: 9,
      key: "eda3b724:dbtgf28216706:pod-0",
      backup_id: "eda3b724:dbtgf28216706:pod-0",
      external_source: { bucket: "gs://b/", encryption_key: "TOPSECRET", credentials: "c2Vj" },
      aws: { aws_access_key_id: "AKIA", api_key: "k" },
    };
    expect(withoutSecretFields(record)).toEqual({
      id: 9,
      key: "eda3b724:dbtgf28216706:pod-0",
      backup_id: "eda3b724:dbtgf28216706:pod-0",
      external_source: { bucket: "gs://b/" },
      aws: {},
    });
  });
});
