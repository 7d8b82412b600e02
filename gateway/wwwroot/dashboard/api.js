// The gateway's REST API as the dashboard uses it: the official's token, kept in this tab only.
import { call } from '/lib/http.js';
import { isLocalMode as localMode } from '/lib/session.js';

const TOKEN_KEY = 'financemarket.dashboard.token';

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

export const isLocalMode = localMode;

export async function demoOfficialToken(region) {
  const body = await call('POST', '/api/v1/dev/tokens', { role: 'official', subject: `dashboard-demo-${region}`, region }, null);
  return body.token;
}

export function totals(token, region) {
  return call('GET', `/api/v1/totals?regionCode=${encodeURIComponent(region ?? '')}`, undefined, token);
}

export async function breakdown(token, by, region) {
  const body = await call('GET', `/api/v1/totals/breakdown?by=${by}&regionCode=${encodeURIComponent(region)}`, undefined, token);
  return body.rows ?? [];
}
