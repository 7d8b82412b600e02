// OpenID Connect sign-in as a public client: the authorization code flow with PKCE (RFC 7636, S256). The
// verifier, state and nonce live in this tab's sessionStorage only until the issuer sends the user back.
import { session } from '/lib/session.js';

const PENDING = 'financemarket.oidc.pending';
export const CALLBACK_PATH = '/signin-callback';

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(size) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

// Only a path of this site: a crafted link must not send a freshly signed-in user (and token) elsewhere.
export function samePath(returnTo) {
  try {
    const target = new URL(returnTo, location.origin);
    return target.origin === location.origin ? target.pathname + target.search : '/';
  } catch {
    return '/';
  }
}

// fresh: the issuer asks who is there even if it has a session (another account after a refusal).
export async function beginSignIn(config, returnTo, { fresh = false } = {}) {
  const verifier = random(32);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const pending = {
    verifier, state: random(16), nonce: random(16), returnTo: samePath(returnTo),
    issuer: config.issuer, clientId: config.clientId, tokenEndpoint: config.tokenEndpoint, endSessionEndpoint: config.endSessionEndpoint ?? null,
  };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(config.authorizationEndpoint);
  for (const [name, value] of Object.entries({
    response_type: 'code', client_id: config.clientId, redirect_uri: location.origin + CALLBACK_PATH, scope: config.scope,
    state: pending.state, nonce: pending.nonce, code_challenge: challenge, code_challenge_method: 'S256',
  })) {
    url.searchParams.set(name, value);
  }
  if (fresh) {
    url.searchParams.set('prompt', 'login');
  }
  location.assign(url.href);
}

// key: the words for the user; code: the OAuth error code where the issuer gave one.
export class SignInError extends Error {
  constructor(key, detail = '', code = null) {
    super(detail || key);
    this.key = key;
    this.detail = detail;
    this.code = code;
  }
}

// The issuer's answer at the callback: redeems the code for tokens and signs the user in. Returns the page
// the user started from; a failure names it too (error.returnTo), and, where the issuer did sign someone in,
// the address that signs them out there (error.issuerSignOut), for another account.
export async function completeSignIn(query) {
  const saved = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  const pending = saved ? JSON.parse(saved) : null;
  // Back from the issuer's page after signing in (the browser's Back button): nothing to redeem, nothing wrong.
  if (!pending && session.current) {
    return '/';
  }
  try {
    return await redeem(query, pending);
  } catch (error) {
    error.returnTo = pending?.returnTo ?? '/';
    throw error;
  }
}

async function redeem(query, pending) {
  // A callback this tab did not start (or one replayed) carries a state it never made: refuse it.
  if (!pending || query.get('state') !== pending.state) {
    throw new SignInError('oidc.stateMismatch');
  }
  if (query.get('error')) {
    throw new SignInError('oidc.refusedByIssuer', query.get('error_description') || query.get('error'));
  }
  const body = await tokenRequest(pending.tokenEndpoint, {
    grant_type: 'authorization_code', code: query.get('code') ?? '', redirect_uri: location.origin + CALLBACK_PATH,
    client_id: pending.clientId, code_verifier: pending.verifier,
  });
  if (!body.access_token || !body.id_token) {
    throw new SignInError('oidc.refusedByIssuer', body.error_description || body.error || 'no tokens');
  }
  // The ID token came straight from the issuer's token endpoint over TLS (OpenID Connect Core 3.1.3.7), so its
  // claims are checked, not its signature; the API checks the access token's signature on every call.
  const identity = session.claimsOf(body.id_token);
  if (identity.iss !== pending.issuer || ![].concat(identity.aud).includes(pending.clientId) || identity.nonce !== pending.nonce) {
    throw new SignInError('oidc.badIdToken');
  }
  const user = session.signIn(body.access_token, {
    idToken: body.id_token, refreshToken: body.refresh_token ?? null, expiresAt: expiry(body),
    tokenEndpoint: pending.tokenEndpoint, clientId: pending.clientId, endSessionEndpoint: pending.endSessionEndpoint,
  });
  if (!user.role) {
    const error = new SignInError('oidc.noRole');
    error.issuerSignOut = endSessionUrl(user);
    session.signOut();
    throw error;
  }
  return pending.returnTo;
}

async function tokenRequest(endpoint, parameters) {
  let response;
  try {
    response = await fetch(endpoint, { method: 'POST', body: new URLSearchParams(parameters) });
  } catch (error) {
    throw new SignInError('oidc.noAnswer', error.message);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new SignInError('oidc.refusedByIssuer', body.error_description || body.error || `${response.status}`, body.error);
  }
  return body;
}

// When the token stops being good, by this browser's clock: from expires_in as it arrives, so a PC whose clock
// is off renews on time all the same.
function expiry(body) {
  return Number.isFinite(body.expires_in) ? Date.now() + body.expires_in * 1000 : null;
}

let refreshing = null;

// The access token to send: renewed with the refresh token (where the issuer gave one) a minute before it
// expires, so a user at work is not sent back to the sign-in every few minutes. One renewal at a time.
export function currentToken() {
  const user = session.current;
  if (!user?.refreshToken || !user.expiresAt || user.expiresAt - Date.now() > 60_000) {
    return Promise.resolve(user?.token);
  }
  return renewToken();
}

// Renews now (also after a 401, once): the new token, or the old one where the issuer refuses, whose 401 then
// asks the user to sign in again.
export function renewToken() {
  const user = session.current;
  if (!user?.refreshToken) {
    return Promise.resolve(user?.token);
  }
  refreshing ??= renew(user).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

async function renew(user) {
  let body;
  try {
    body = await tokenRequest(user.tokenEndpoint, { grant_type: 'refresh_token', refresh_token: user.refreshToken, client_id: user.clientId });
  } catch (error) {
    // invalid_grant: the refresh token is spent or revoked (another tab may have used it); never send it again.
    if (error.code === 'invalid_grant' && session.current?.refreshToken === user.refreshToken) {
      session.update({ refreshToken: null });
    }
    return user.token;
  }
  // Signed out (or someone else signed in) while the renewal was on its way: keep nothing of it.
  if (!body.access_token || session.current?.refreshToken !== user.refreshToken) {
    return session.current?.token;
  }
  return session.signIn(body.access_token, {
    ...user, idToken: body.id_token ?? user.idToken, refreshToken: body.refresh_token ?? user.refreshToken, expiresAt: expiry(body),
  }).token;
}

// Ends the issuer's session too where it offers that, so the next sign-in asks who is there. Read from the
// session, not the network: a sign-out must not depend on the issuer's discovery answering.
export function endSessionUrl(user) {
  if (!user?.endSessionEndpoint || !user.idToken) {
    return null;
  }
  const url = new URL(user.endSessionEndpoint);
  url.searchParams.set('id_token_hint', user.idToken);
  url.searchParams.set('client_id', user.clientId);
  url.searchParams.set('post_logout_redirect_uri', location.origin + '/');
  return url.href;
}
