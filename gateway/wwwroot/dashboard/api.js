// The gateway's REST API as the dashboard uses it: the official's token, kept in this tab only.
import { parseJson } from './money.js';

const TOKEN_KEY = 'financemarket.dashboard.token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  },
  set token(value) {
    if (value) {
      sessionStorage.setItem(TOKEN_KEY, value);
    } else {
      sessionStorage.removeItem(TOKEN_KEY);
    }
  },
};

async function send(path, init) {
  let response;
  try {
    response = await fetch(path, { cache: 'no-store', ...init });
  } catch (error) {
    throw new ApiError(0, `the platform did not answer (${error.message})`);
  }
  const text = await response.text();
  let body = {};
  try {
    body = text ? parseJson(text) : {};
  } catch {
    body = { message: text };
  }
  if (!response.ok) {
    throw new ApiError(response.status, body.message || `${response.status} ${response.statusText}`);
  }
  return body;
}

export function getJson(path, token) {
  return send(path, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
}

// Demo tokens exist only in local mode: the endpoint answers a bad request there, and 404 elsewhere.
export async function isLocalMode() {
  try {
    await send('/api/v1/dev/tokens', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    return true;
  } catch (error) {
    return error.status === 400;
  }
}

export async function demoOfficialToken(region) {
  const body = await send('/api/v1/dev/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role: 'official', subject: `dashboard-demo-${region}`, region }),
  });
  return body.token;
}

export function totals(token, region) {
  return getJson(`/api/v1/totals?regionCode=${encodeURIComponent(region ?? '')}`, token);
}

export async function breakdown(token, by, region) {
  const body = await getJson(`/api/v1/totals/breakdown?by=${by}&regionCode=${encodeURIComponent(region)}`, token);
  return body.rows ?? [];
}
