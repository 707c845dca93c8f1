import { describe, expect, it } from "vitest";
import { nextQuotaReset, pacificDay } from "../../src/store/quota.ts";
import { fakePacificDay } from "../fakes/youtube-server.ts";

/**
 * Instants around Pacific midnight and the 2026 daylight-saving switches, with
 * the quota day and the next reset written out by hand. Midnight Pacific is
 * 08:00Z under PST (UTC−8) and 07:00Z under PDT (UTC−7); 2026-03-08 springs
 * forward at 02:00 PST (10:00Z) and lasts 23 hours, 2026-11-01 falls back at
 * 02:00 PDT (09:00Z) and lasts 25 hours.
 */
const CASES: { at: string; day: string; reset: string; what: string }[] = [
  { at: "2026-01-15T07:59:59.999Z", day: "2026-01-14", reset: "2026-01-15T08:00:00.000Z", what: "23:59:59.999 PST" },
  { at: "2026-01-15T08:00:00.000Z", day: "2026-01-15", reset: "2026-01-16T08:00:00.000Z", what: "midnight PST" },
  { at: "2026-01-15T07:59:59Z", day: "2026-01-14", reset: "2026-01-15T08:00:00.000Z", what: "23:59:59 PST" },
  { at: "2026-07-15T06:59:59Z", day: "2026-07-14", reset: "2026-07-15T07:00:00.000Z", what: "23:59:59 PDT" },
  { at: "2026-07-15T07:00:00Z", day: "2026-07-15", reset: "2026-07-16T07:00:00.000Z", what: "midnight PDT" },
  { at: "2026-07-15T12:00:00Z", day: "2026-07-15", reset: "2026-07-16T07:00:00.000Z", what: "05:00 PDT" },
  // The spring-forward day, 2026-03-08: 08:00Z to 07:00Z.
  { at: "2026-03-08T07:59:59Z", day: "2026-03-07", reset: "2026-03-08T08:00:00.000Z", what: "23:59:59 PST before the switch" },
  { at: "2026-03-08T08:00:00Z", day: "2026-03-08", reset: "2026-03-09T07:00:00.000Z", what: "midnight PST, switch day" },
  { at: "2026-03-08T09:59:59Z", day: "2026-03-08", reset: "2026-03-09T07:00:00.000Z", what: "01:59:59 PST, just before the switch" },
  { at: "2026-03-08T10:00:00Z", day: "2026-03-08", reset: "2026-03-09T07:00:00.000Z", what: "03:00 PDT, the switch" },
  { at: "2026-03-09T06:59:59Z", day: "2026-03-08", reset: "2026-03-09T07:00:00.000Z", what: "23:59:59 PDT, end of the 23-hour day" },
  { at: "2026-03-09T07:00:00Z", day: "2026-03-09", reset: "2026-03-10T07:00:00.000Z", what: "first midnight PDT" },
  // The fall-back day, 2026-11-01: 07:00Z to 08:00Z the next day.
  { at: "2026-11-01T06:59:59Z", day: "2026-10-31", reset: "2026-11-01T07:00:00.000Z", what: "23:59:59 PDT before the switch" },
  { at: "2026-11-01T07:00:00Z", day: "2026-11-01", reset: "2026-11-02T08:00:00.000Z", what: "midnight PDT, switch day" },
  { at: "2026-11-01T08:59:59Z", day: "2026-11-01", reset: "2026-11-02T08:00:00.000Z", what: "01:59:59 PDT, just before the switch" },
  { at: "2026-11-01T09:00:00Z", day: "2026-11-01", reset: "2026-11-02T08:00:00.000Z", what: "01:00 PST, the switch" },
  { at: "2026-11-02T07:59:59Z", day: "2026-11-01", reset: "2026-11-02T08:00:00.000Z", what: "23:59:59 PST, end of the 25-hour day" },
  { at: "2026-11-02T08:00:00Z", day: "2026-11-02", reset: "2026-11-03T08:00:00.000Z", what: "first midnight PST" },
  // The year changes in Pacific time 8 hours after UTC.
  { at: "2027-01-01T07:59:59Z", day: "2026-12-31", reset: "2027-01-01T08:00:00.000Z", what: "New Year's Eve 23:59:59 PST" },
  { at: "2027-01-01T08:00:00Z", day: "2027-01-01", reset: "2027-01-02T08:00:00.000Z", what: "New Year's midnight PST" },
];

describe("the quota day (Pacific time)", () => {
  for (const c of CASES) {
    it(`should put ${c.at} (${c.what}) on ${c.day}, resetting at ${c.reset}`, () => {
      const ms = Date.parse(c.at);
      expect(pacificDay(ms)).toBe(c.day);
      expect(new Date(nextQuotaReset(ms)).toISOString()).toBe(c.reset);
      // The fake YouTube server's own calendar agrees.
      expect(fakePacificDay(ms)).toBe(c.day);
    });
  }

  it("should make the switch days 23 and 25 hours long and the others 24", () => {
    const HOUR = 3_600_000;
    const length = (midnight: string): number => (nextQuotaReset(Date.parse(midnight)) - Date.parse(midnight)) / HOUR;
    expect(length("2026-03-08T08:00:00Z")).toBe(23);
    expect(length("2026-11-01T07:00:00Z")).toBe(25);
    expect(length("2026-01-15T08:00:00Z")).toBe(24);
    expect(length("2026-07-15T07:00:00Z")).toBe(24);
    expect(length("2026-03-09T07:00:00Z")).toBe(24);
    expect(length("2026-11-02T08:00:00Z")).toBe(24);
  });

  it("should reset at the next midnight from anywhere in the day", () => {
    // Every 7 minutes through the 25-hour day 2026-11-01: the same day and reset.
    for (let ms = Date.parse("2026-11-01T07:00:00Z"); ms < Date.parse("2026-11-02T08:00:00Z"); ms += 7 * 60_000) {
      expect(pacificDay(ms)).toBe("2026-11-01");
      expect(nextQuotaReset(ms)).toBe(Date.parse("2026-11-02T08:00:00Z"));
    }
  });
});
