import type { IncomingHttpHeaders } from 'node:http';
import { hostname, networkInterfaces } from 'node:os';
import { excerpt } from '../core/excerpt';

/**
 * Who may open a live connection. Browsers let any web page open a WebSocket to localhost, sending the
 * page's Origin; the users' app (native) and local tools send none. So an Origin is refused unless listed.
 * A page can also reach the server through a DNS name it controls that resolves to 127.0.0.1 (DNS
 * rebinding); its Host header then names that domain, so Host must name this server's own address.
 */
export interface GateRules {
  /** Origins accepted (`*`: any); empty refuses every request that carries an Origin. */
  allowedOrigins: readonly string[];
  /** Host names accepted besides the server's own addresses (an emulator's alias for the host, a proxy). */
  allowedHosts: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

function normalOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

function normalHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** The names a client may use for a server bound to `bindHost`. */
export function ownHostNames(bindHost: string, boundAddress: string): Set<string> {
  const names = new Set([normalHost(bindHost), normalHost(boundAddress)]);
  const loopback = (h: string) => h === 'localhost' || h === '::1' || /^127\./.test(h);
  const wildcard = (h: string) => h === '0.0.0.0' || h === '::' || h === '';
  if ([...names].some(loopback) || [...names].some(wildcard)) for (const n of LOOPBACK_NAMES) names.add(n);
  if ([...names].some(wildcard)) {
    // Bound to every interface: the app on another device uses one of this machine's addresses or names.
    const machine = normalHost(hostname());
    names.add(machine);
    names.add(`${machine}.local`);
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) names.add(normalHost(i.address));
  }
  return names;
}

/** Splits a Host header into name and port; port undefined when absent. */
function parseHost(header: string): { name: string; port?: number } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(header.trim());
  if (!m) return { name: header };
  return { name: normalHost(m[1]), port: m[2] === undefined ? undefined : Number(m[2]) };
}

/** Why a WebSocket upgrade request is refused, or null when it may connect. */
export function refusalReason(headers: IncomingHttpHeaders, rules: GateRules, ownNames: Set<string>, port: number): string | null {
  const origin = headers.origin;
  if (origin !== undefined) {
    const allowed = rules.allowedOrigins.some((o) => o.trim() === '*' || normalOrigin(o) === normalOrigin(origin));
    if (!allowed) {
      return `Origin ${excerptIfOdd(origin)} is not allowed (a web page in a browser); list it in landmarkLens.live.allowedOrigins or serve --allow-origin to accept it`;
    }
  }
  const host = headers.host;
  if (host === undefined) return 'no Host header; expected the address of this server';
  const parsed = parseHost(host);
  const named = ownNames.has(parsed.name) || rules.allowedHosts.some((h) => normalHost(h) === parsed.name);
  if (!named || (parsed.port ?? 80) !== port) {
    return `Host ${excerptIfOdd(host)} does not name this server (port ${port}); list the name in landmarkLens.live.allowedHosts or serve --allow-host to accept it`;
  }
  return null;
}

/** A header value as is when it is a plain short token, else quoted and escaped. */
function excerptIfOdd(value: string): string {
  return /^[\x21-\x7e]{1,80}$/.test(value) ? value : excerpt(value, 80);
}
