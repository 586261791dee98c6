import { describe, expect, it } from "vitest";
import { clientAddress } from "../../../src/http/team-server.js";

describe("clientAddress: what one client's connections count against", () => {
  it("is the IPv4 address itself, mapped into IPv6 or not", () => {
    expect(clientAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddress("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(clientAddress("::FFFF:127.0.0.2")).toBe("127.0.0.2");
  });

  it("is the /64 of an IPv6 address, so a host cannot spread over the addresses of its network", () => {
    const one = clientAddress("2001:db8:1:2:aaaa:bbbb:cccc:dddd");
    expect(one).toBe("2001:db8:1:2::/64");
    expect(clientAddress("2001:db8:1:2::1")).toBe(one);
    expect(clientAddress("2001:0db8:0001:0002:ffff::9")).toBe(one);
    expect(clientAddress("2001:db8:1:3::1")).not.toBe(one);
    expect(clientAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientAddress("::1")).toBe("0:0:0:0::/64");
    expect(clientAddress("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
    // A dotted tail fills two groups: the prefix of the other groups stays where it is.
    expect(clientAddress("1:2:3::4:5:6.7.8.9")).toBe("1:2:3:0::/64");
    expect(clientAddress("::2:3:4:5:6:7.8.9.10")).toBe("0:2:3:4::/64");
  });
});
