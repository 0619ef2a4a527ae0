/**
 * Who a request acts as: HTTP Basic (user:password), an OAuth bearer token, or an API key
 * in the `x-sn-apikey` header (ServiceNow's API Key authentication profile). Returns the
 * sys_user's user_name, or null for missing, malformed or (when the simulator has a list)
 * unknown credentials.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { INTEGRATION_USER_NAME } from './demo-data';
import type { SimulatorCredential } from './types';

type PresentedCredential =
  { kind: 'basic'; user: string; password: string } | { kind: 'bearer'; token: string } | { kind: 'api-key'; key: string };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function presentedCredential(headers: IncomingHttpHeaders): PresentedCredential | null {
  const apiKey = single(headers['x-sn-apikey'])?.trim();
  if (apiKey) return { kind: 'api-key', key: apiKey };
  const authorization = single(headers.authorization)?.trim();
  if (!authorization) return null;
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(authorization);
  if (basic) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return null;
    return { kind: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  const bearer = /^Bearer (\S+)$/.exec(authorization);
  if (bearer) return { kind: 'bearer', token: bearer[1] ?? '' };
  return null;
}

/** The user_name a request acts as, or null when it must get 401. `userExists` tells whether a user_name is a sys_user. */
export function authenticate(
  headers: IncomingHttpHeaders,
  valid: readonly SimulatorCredential[] | null,
  userExists: (userName: string) => boolean,
): string | null {
  const presented = presentedCredential(headers);
  if (!presented) return null;
  if (valid === null) {
    if (presented.kind === 'basic') return userExists(presented.user) ? presented.user : INTEGRATION_USER_NAME;
    return INTEGRATION_USER_NAME;
  }
  for (const credential of valid) {
    if (
      credential.kind === 'basic' &&
      presented.kind === 'basic' &&
      credential.user === presented.user &&
      credential.password === presented.password
    ) {
      return userExists(credential.user) ? credential.user : INTEGRATION_USER_NAME;
    }
    if (credential.kind === 'bearer' && presented.kind === 'bearer' && credential.token === presented.token)
      return credential.userName ?? INTEGRATION_USER_NAME;
    if (credential.kind === 'api-key' && presented.kind === 'api-key' && credential.key === presented.key)
      return credential.userName ?? INTEGRATION_USER_NAME;
  }
  return null;
}
