// Who is signed in, in this tab only: the token and what it says (role, subject, region). The pages read
// the claims to know whose data to ask for; the API decides what they may see.
const KEY = 'financemarket.session';

function claimsOf(token) {
  const part = token.split('.')[1];
  if (!part) {
    throw new Error('not a JWT');
  }
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '='));
  const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export const session = {
  claimsOf,

  get current() {
    const saved = sessionStorage.getItem(KEY);
    return saved ? JSON.parse(saved) : null;
  },

  // A token of any issuer the gateway trusts; its claims name the role, subject and region.
  signIn(token, extra = {}) {
    const claims = claimsOf(token.trim());
    // What the token says wins over anything carried along from an earlier token.
    const user = { ...extra, token: token.trim(), role: claims.role, subject: claims.sub, region: claims.region ?? null };
    sessionStorage.setItem(KEY, JSON.stringify(user));
    return user;
  },

  update(patch) {
    const user = this.current;
    if (user) {
      sessionStorage.setItem(KEY, JSON.stringify({ ...user, ...patch }));
    }
  },

  signOut() {
    sessionStorage.removeItem(KEY);
  },
};

let config;

// How this gateway signs users in: demo tokens (local mode) and/or an OpenID Connect issuer. Read once a page.
export function signInConfig() {
  config ??= fetch('/api/v1/auth/config', { cache: 'no-store' }).then(async (response) => {
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.message ?? `${response.status}`);
    }
    return body;
  });
  return config;
}

export async function isLocalMode() {
  try {
    return (await signInConfig()).demoTokens === true;
  } catch {
    return false;
  }
}

export async function signInAsDemo(role, subject, region) {
  const response = await fetch('/api/v1/dev/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ role, subject, region: role === 'official' || role === 'provider' ? region : undefined }),
  });
  const body = await response.json();
  if (!response.ok) {
    const error = new Error(body.message ?? `${response.status}`);
    error.fields = (body.details ?? []).flatMap((d) => d.fieldViolations ?? []);
    throw error;
  }
  return session.signIn(body.token);
}
