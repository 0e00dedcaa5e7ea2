// One slice of load on one target with autocannon, and what the slices of one target add up to.
import autocannon from "autocannon";
import { options } from "./options";
import { cpuSeconds } from "./server-cpu";

export interface Target {
  name: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Headers for each request in turn (a row presenting many credentials); `headers` is the first request's. */
  nextHeaders?: () => Record<string, string>;
}

export interface Slice {
  latencies: number[];
  seconds: number;
  errors: number;
  non2xx: number;
  /** The server's CPU seconds during the slice (every thread), or null where /proc is absent. */
  serverCpu: number | null;
}

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  total: number;
}

/** Load on one target for `seconds`; the server's CPU is read from /proc before and after. */
export function slice(baseURL: string, target: Target, seconds: number, serverPid?: number): Promise<Slice> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const { nextHeaders } = target;
    const cpuBefore = cpuSeconds(serverPid);
    const instance = autocannon(
      {
        url: baseURL + target.path,
        method: target.method,
        headers: target.headers,
        body: target.body,
        connections: options.connections,
        pipelining: 1,
        duration: seconds,
        // A request built afresh each time, from one counter shared by every connection, so
        // consecutive requests (whatever their connection) carry different credentials.
        ...(nextHeaders ? { requests: [{ setupRequest: (request) => ({ ...request, headers: nextHeaders() }) }] } : {}),
      },
      (error, result) => {
        if (error) return reject(error);
        const cpuAfter = cpuSeconds(serverPid);
        resolve({
          latencies,
          seconds: result.duration,
          errors: result.errors + result.timeouts,
          non2xx: result.non2xx,
          serverCpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
        });
      },
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
      latencies.push(responseTime),
    );
  });
}

/** Requests/s and latency percentiles over every slice of one target. */
export class Tally {
  private latencies: number[] = [];
  private seconds = 0;
  private errors = 0;
  private non2xx = 0;
  add(part: Slice) {
    for (const latency of part.latencies) this.latencies.push(latency);
    this.seconds += part.seconds;
    this.errors += part.errors;
    this.non2xx += part.non2xx;
  }
  result(): Measured {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) =>
      sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
    return {
      rps: sorted.length / Math.max(this.seconds, 0.001),
      p50: at(0.5),
      p99: at(0.99),
      errors: this.errors,
      non2xx: this.non2xx,
      total: sorted.length,
    };
  }
}
