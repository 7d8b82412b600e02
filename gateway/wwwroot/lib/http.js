// The gateway's REST API with the signed-in user's token. An error keeps what the API said: its status, its
// message and, for a bad request, each offending field with its description (google.rpc.BadRequest).
import { parseJson } from '/lib/money.js';
import { currentToken, renewToken } from '/lib/oidc.js';
import { session } from '/lib/session.js';

export class ApiError extends Error {
  constructor(status, message, fields = []) {
    super(message);
    this.status = status;
    this.fields = fields;
  }
}

// Each violation with its reason and values (financemarket.common.v1.FieldViolationValues repeats the
// violations of the google.rpc.BadRequest in the same order), for the page to write it in its own words.
function fieldsOf(body) {
  const details = Array.isArray(body.details) ? body.details : [];
  const violations = details.flatMap((d) => (Array.isArray(d.fieldViolations) ? d.fieldViolations : []));
  const valued = details.flatMap((d) => (Array.isArray(d.violations) ? d.violations : []));
  return violations.map((v, i) => ({
    field: v.field,
    description: v.description,
    reason: v.reason ?? valued[i]?.reason,
    values: valued[i]?.field === v.field ? (valued[i].values ?? {}) : {},
  }));
}

// Integers come back as BigInt (exact above 2^53); a request body may hold BigInt too.
function stringify(body) {
  return JSON.stringify(body, (_, value) => (typeof value === 'bigint' ? value.toString() : value));
}

// token: the signed-in user's unless given; null sends none. key: the write's Idempotency-Key, if it has one.
async function respond(method, path, body, token, accept, key) {
  const own = token === undefined;
  let response = await send(method, path, body, own ? await currentToken() : token, accept, key);
  // Refused at the door (nothing was done): where the user's token can be renewed, renew it once and ask again.
  if (response.status === 401 && own && session.current?.refreshToken) {
    const renewed = await renewToken();
    if (renewed && renewed !== response.sentToken) {
      response = await send(method, path, body, renewed, accept, key);
    }
  }
  if (response.status === 401 && response.sentToken) {
    // The token has expired or is no longer accepted: the frame signs the user out and asks again, saying
    // what the platform said (an audience or issuer it does not accept is not an expiry).
    const reason = /error_description="([^"]*)"/.exec(response.headers.get('WWW-Authenticate') ?? '')?.[1] ?? '';
    document.dispatchEvent(new CustomEvent('financemarket:unauthorized', { detail: { reason } }));
  }
  return response;
}

function parsed(text) {
  try {
    return text ? parseJson(text) : {};
  } catch {
    return { message: text };
  }
}

function failure(response, body) {
  return new ApiError(response.status, body.message || `${response.status} ${response.statusText}`, fieldsOf(body));
}

export async function call(method, path, body, token = undefined, { key } = {}) {
  const response = await respond(method, path, body, token, 'application/json', key);
  const answer = parsed(await response.text());
  if (!response.ok) {
    throw failure(response, answer);
  }
  return answer;
}

// A file the API answers (the monthly report), read with the user's token and handed to the browser as a
// download under the name the platform gave it; its name is returned.
export async function download(path, fallbackName) {
  const response = await respond('GET', path, undefined, undefined, '*/*');
  if (!response.ok) {
    throw failure(response, parsed(await response.text()));
  }
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  saveFile(await response.blob(), name);
  return name;
}

// Hands a file made or read by the page to the browser, which saves it under that name.
export function saveFile(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

async function send(method, path, body, token, accept, key) {
  const headers = { Accept: accept };
  if (key) {
    headers['Idempotency-Key'] = key;
  }
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  try {
    const response = await fetch(path, { method, headers, cache: 'no-store', body: body === undefined ? undefined : stringify(body) });
    response.sentToken = token;
    return response;
  } catch (error) {
    throw new ApiError(0, `the platform did not answer (${error.message})`);
  }
}

export const get = (path) => call('GET', path);
// options.key: an Idempotency-Key, so the same write sent again (a double tap, a retry after no answer) is
// done once.
export const post = (path, body = {}, options = {}) => call('POST', path, body, undefined, options);
export const put = (path, body = {}, options = {}) => call('PUT', path, body, undefined, options);

// A list method answers at most 100 items a page: every page of one, read on until its last.
export async function everything(path, key) {
  const items = [];
  let token = '';
  do {
    const query = new URLSearchParams({ pageSize: '100' });
    if (token) {
      query.set('pageToken', token);
    }
    const page = await get(`${path}${path.includes('?') ? '&' : '?'}${query}`);
    items.push(...(page[key] ?? []));
    token = page.nextPageToken ?? '';
  } while (token);
  return items;
}
