import { Transform, type TransformCallback } from 'node:stream';

/**
 * A fault to inject into matching requests; off unless configured. Matching requests are counted per
 * rule: the first `after` pass untouched, then at most `times` are hit (each with probability `rate`).
 */
export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Substring of the path to match, e.g. `/upload/chunked/` (any when absent). */
  path?: string;
  /** Let this many matching requests through first. */
  after?: number;
  /** Hit at most this many requests; unlimited when absent. */
  times?: number;
  /** Probability of a hit, 0–1 (default 1), from a seeded generator: runs repeat exactly. */
  rate?: number;
  /** Wait this long before handling. */
  latencyMs?: number;
  /**
   * Match CORS preflights (`OPTIONS`) too, by the method they ask for (`Access-Control-Request-Method`)
   * and their path; only `latencyMs` applies to them, as a slow network delays them like any request.
   * Default false: preflights pass untouched and uncounted, so `after` and `times` count the requests a
   * client makes itself.
   */
  preflights?: boolean;
  /** Answer this HTTP status (429, 5xx…) with a Quatrix error body instead of handling. */
  status?: number;
  /** `Retry-After` seconds to send with `status`. */
  retryAfter?: number;
  /** Cut the connection once this many body bytes arrived (what arrived may be written, unconfirmed). */
  dropAfterBytes?: number;
  /** Handle the request fully, then cut the connection instead of answering: a lost response. */
  dropResponse?: boolean;
  /**
   * Answer `307 Temporary Redirect` to this origin (the same path and query), instead of handling: a
   * misconfigured or hijacked site sending its clients, and whatever they carry, elsewhere.
   */
  redirectTo?: string;
}

/** What the faults decided for one request. */
export interface FaultDecision {
  latencyMs: number;
  status?: number;
  retryAfter?: number;
  dropAfterBytes?: number;
  dropResponse: boolean;
  redirectTo?: string;
}

/** Applies fault rules deterministically (a seeded PRNG), counting matches per rule. */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private seen: number[] = [];
  private hits: number[] = [];
  private state = 1;

  set(rules: FaultRule[], seed = 1): void {
    for (const rule of rules) {
      if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1))
        throw new RangeError('fault rate must be 0–1');
    }
    this.rules = rules.map((r) => ({ ...r }));
    this.seen = rules.map(() => 0);
    this.hits = rules.map(() => 0);
    this.state = seed >>> 0 || 1;
  }

  /** How many requests each rule has hit so far. */
  hitCounts(): number[] {
    return [...this.hits];
  }

  /**
   * What happens to a request; for a CORS preflight (`preflight`: the method it asks for as `method`),
   * only the latency of the rules that match preflights.
   */
  decide(method: string, path: string, preflight = false): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, dropResponse: false };
    this.rules.forEach((rule, i) => {
      if (preflight && !rule.preflights) return;
      if (rule.method && rule.method.toUpperCase() !== method) return;
      if (rule.path && !path.includes(rule.path)) return;
      const seen = (this.seen[i] = (this.seen[i] ?? 0) + 1);
      if (seen <= (rule.after ?? 0)) return;
      if (rule.times !== undefined && (this.hits[i] ?? 0) >= rule.times) return;
      if (rule.rate !== undefined && this.random() >= rule.rate) return;
      this.hits[i] = (this.hits[i] ?? 0) + 1;
      decision.latencyMs += rule.latencyMs ?? 0;
      if (preflight) return;
      if (rule.status !== undefined && decision.status === undefined) {
        decision.status = rule.status;
        decision.retryAfter = rule.retryAfter;
      }
      if (rule.dropAfterBytes !== undefined) decision.dropAfterBytes = rule.dropAfterBytes;
      if (rule.dropResponse) decision.dropResponse = true;
      if (rule.redirectTo !== undefined) decision.redirectTo ??= rule.redirectTo;
    });
    return decision;
  }

  /** mulberry32: small, fast, and the same sequence for the same seed. */
  private random(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** Passes bytes through until `limit` have gone by, then calls `cut` (which destroys the connection). */
export function dropAfter(limit: number, cut: () => void): Transform {
  let passed = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      const room = limit - passed;
      if (room <= 0) return callback();
      passed += chunk.length;
      if (chunk.length < room) return callback(null, chunk);
      this.push(chunk.subarray(0, room));
      cut();
      // Ends like a dropped connection: consumers see a premature close, never an unhandled error.
      callback();
      this.destroy();
    },
  });
}
