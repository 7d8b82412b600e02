// One look for every page: the header with the navigation, the language switch and who is signed in, and
// the sign-in panel a page shows until the right kind of user is signed in.
import { addStrings, switchLanguage, t, translate } from '/lib/i18n.js';
import { showError } from '/lib/forms.js';
import { beginSignIn, endSessionUrl } from '/lib/oidc.js';
import { session, signInAsDemo, signInConfig } from '/lib/session.js';
import { startInbox } from '/lib/inbox.js';
import { loadToday } from '/lib/today.js';
import { icon } from '/lib/icons.js';
import { prepareToasts } from '/lib/toast.js';
import { usccProblem } from '/lib/uscc.js';

const EXPIRED = 'financemarket.expired';

const LINKS = [['/enterprise', 'enterprise'], ['/bank', 'bank'], ['/official', 'official'], ['/dashboard', 'dashboard']];

function header() {
  const top = document.getElementById('top');
  top.innerHTML = `
    <nav aria-label="FinanceMarket">
      <a class="brand" href="/">${icon('brand')}<span data-i18n="home"></span></a>
      <ul>${LINKS.map(([href, key]) => `<li><a href="${href}" data-i18n="${key}"></a></li>`).join('')}</ul>
      <button type="button" id="language" data-i18n="switchLanguage"></button>
    </nav>
    <p id="who" class="who" data-testid="who" hidden><span></span> <button type="button" id="sign-out" data-i18n="signOut"></button></p>`;
  for (const link of top.querySelectorAll('nav a')) {
    if (link.getAttribute('href') === location.pathname) {
      link.setAttribute('aria-current', 'page');
    }
  }
  top.querySelector('#language').addEventListener('click', switchLanguage);
  prepareToasts();
  document.addEventListener('languagechange', showWho);
  top.querySelector('#sign-out').addEventListener('click', signOut);
}

export function signOut() {
  const user = session.current;
  session.signOut();
  const issuerSignOut = endSessionUrl(user);
  // A fresh page: nothing the previous user saw stays in memory or on screen for the next one.
  if (issuerSignOut) {
    location.assign(issuerSignOut);
  } else {
    location.reload();
  }
}

// The way out of the wrong account, where the page says it is the wrong one (not only in the header).
export function signOutButton() {
  const button = Object.assign(document.createElement('button'), { type: 'button', className: 'switch-account' });
  button.dataset.i18n = 'signOutSwitch';
  button.textContent = t('signOutSwitch');
  button.addEventListener('click', signOut);
  return button;
}

function showWho() {
  const who = document.getElementById('who');
  const user = session.current;
  who.hidden = !user;
  if (user) {
    // An official is known by region; a provider by its id and the region it supplies.
    const subject = user.role === 'provider' ? `${user.subject} · ${user.region}` : user.region ?? user.subject;
    who.querySelector('span').textContent = t('signedInAs', { role: t(`role.${user.role}`), subject });
  }
}

// role: the page's own, whose demo account the panel offers first; roles: every role the page serves (the
// officials' page also serves a data provider, which signs in with its id and region).
async function signInPanel(role, onSignedIn, roles = [role]) {
  const panel = document.getElementById('signin');
  const current = session.current;
  // Sent back here by a refused token: say why, and let the issuer ask who is there rather than reuse its session.
  const refusal = sessionStorage.getItem(EXPIRED);
  sessionStorage.removeItem(EXPIRED);
  panel.innerHTML = `
    <h2 data-i18n="signIn"></h2>
    <p class="form-error" role="alert" ${current ? '' : 'hidden'}></p>
    <p class="hint new-enterprise" data-i18n="newEnterprise" data-testid="new-enterprise" ${role === 'enterprise' ? '' : 'hidden'}></p>
    <div id="oidc-signin" hidden>
      <h3 data-i18n="signInOidc"></h3>
      <p class="form-error" role="alert" hidden></p>
      <button type="button" data-i18n="signInOidcGo"></button>
    </div>
    <form id="demo-signin" hidden>
      <h3 data-i18n="signInDemo"></h3>
      <p class="form-error" role="alert" hidden></p>
      <div class="field"><label for="demo-subject" data-i18n="demo.${role}"></label>
        <input id="demo-subject" name="${role === 'official' ? 'region' : 'subject'}" autocomplete="off" required
          ${role === 'enterprise' ? 'maxlength="18" autocapitalize="characters" spellcheck="false"' : ''}></div>
      <button type="submit" data-i18n="go"></button>
    </form>
    <form id="demo-provider" hidden>
      <h3 data-i18n="signInDemoProvider"></h3>
      <p class="form-error" role="alert" hidden></p>
      <div class="field"><label for="demo-provider-id" data-i18n="demo.provider"></label>
        <input id="demo-provider-id" name="subject" autocomplete="off" required></div>
      <div class="field"><label for="demo-provider-region" data-i18n="demo.providerRegion"></label>
        <input id="demo-provider-region" name="region" inputmode="numeric" autocomplete="off" required></div>
      <button type="submit" data-i18n="goProvider"></button>
    </form>
    <form id="token-signin">
      <h3 data-i18n="signInToken"></h3>
      <div class="field"><label for="token-text" data-i18n="token"></label>
        <p class="hint" data-i18n="tokenHint"></p>
        <textarea id="token-text" name="token" rows="3" required></textarea></div>
      <button type="submit" data-i18n="useToken"></button>
    </form>`;
  translate(panel);
  if (current) {
    const served = roles.map((r) => t(`role.${r}`)).join(t('or'));
    const wrong = panel.querySelector('.form-error');
    wrong.textContent = `${t('wrongRole', { role: served, actual: t(`role.${current.role}`) })} `;
    wrong.append(signOutButton());
  } else if (refusal !== null) {
    panel.querySelector('.form-error').textContent = refusal ? `${t('expired')} (${refusal})` : t('expired');
    panel.querySelector('.form-error').hidden = false;
  }
  panel.hidden = false;
  const done = (user) => {
    panel.hidden = true;
    showWho();
    onSignedIn(user);
  };
  const demo = panel.querySelector('#demo-signin');
  const provider = panel.querySelector('#demo-provider');
  const oidc = panel.querySelector('#oidc-signin');
  demo.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = demo.querySelector('input').value.trim();
    // An enterprise signs in as its credit code: a code the registry would refuse is caught here, not after
    // the token is issued under it (its registration could then never succeed).
    const problem = role === 'enterprise' ? usccProblem(value) : null;
    if (problem) {
      showError(demo, { status: 400, fields: [{ field: 'subject', description: t(problem.key, problem.values) }] });
      return;
    }
    try {
      done(await signInAsDemo(role, role === 'official' ? `demo-official-${value}` : role === 'enterprise' ? value.toUpperCase() : value, value));
    } catch (error) {
      showError(demo, { status: 400, message: error.message, fields: error.fields ?? [] });
    }
  });
  provider.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      done(await signInAsDemo('provider', provider.subject.value.trim(), provider.region.value.trim()));
    } catch (error) {
      showError(provider, { status: 400, message: error.message, fields: error.fields ?? [] });
    }
  });
  panel.querySelector('#token-signin').addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      const user = session.signIn(panel.querySelector('textarea').value);
      if (roles.includes(user.role)) {
        done(user);
      } else {
        signInPanel(role, onSignedIn, roles);
      }
    } catch (error) {
      panel.querySelector('.form-error').textContent = error.message;
      panel.querySelector('.form-error').hidden = false;
    }
  });
  // Only now wait for the gateway: a form submitted before its listener would go as a plain GET, the pasted
  // token in the address bar and the history.
  let config = {};
  try {
    config = await signInConfig();
  } catch (error) {
    // The token form still works; say why the issuer's sign-in is missing.
    oidc.hidden = false;
    oidc.querySelector('button').hidden = true;
    oidc.querySelector('.form-error').textContent = t('unavailable', { message: error.message });
    oidc.querySelector('.form-error').hidden = false;
  }
  demo.hidden = config.demoTokens !== true;
  provider.hidden = config.demoTokens !== true || !roles.includes('provider');
  if (config.openIdConnect) {
    oidc.hidden = false;
    oidc.querySelector('button').addEventListener('click', () => beginSignIn(config.openIdConnect, location.pathname + location.search, { fresh: refusal !== null || Boolean(current) }));
  }
}

// A page for everyone (the entry page): the frame without a sign-in.
export function startFrame(strings) {
  addStrings(strings);
  header();
  translate();
  showWho();
}

// Renders the frame and calls ready(user) once a user of the page's role (or of one of its roles) is signed
// in. Once per page load: signing out, and a token the API no longer accepts, reload the page. A page's own
// strings join the shared ones first.
export function startPage({ role, roles = [role], strings, ready }) {
  startFrame(strings);
  document.addEventListener('financemarket:unauthorized', (event) => {
    if (session.current) {
      session.signOut();
      sessionStorage.setItem(EXPIRED, event.detail?.reason ?? '');
      location.reload();
    }
  });
  const start = async (user) => {
    // Deadlines and default dates are the platform's: its date is known before anything is drawn.
    await loadToday();
    document.getElementById('content').hidden = false;
    // Enterprises, banks and officials have an inbox; the operator and data providers have none.
    if (user.role !== 'operator' && user.role !== 'provider') {
      startInbox();
    }
    ready(user);
  };
  const user = session.current;
  if (roles.includes(user?.role)) {
    start(user);
  } else {
    document.getElementById('content').hidden = true;
    signInPanel(role, start, roles);
  }
}
