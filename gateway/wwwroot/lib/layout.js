// One look for every page: the header with the navigation, the language switch and who is signed in, and
// the sign-in panel a page shows until the right kind of user is signed in.
import { addStrings, switchLanguage, t, translate } from '/lib/i18n.js';
import { showError } from '/lib/forms.js';
import { isLocalMode, session, signInAsDemo } from '/lib/session.js';

const LINKS = [['/enterprise', 'enterprise'], ['/bank', 'bank'], ['/official', 'official'], ['/dashboard', 'dashboard']];

function header() {
  const top = document.getElementById('top');
  top.innerHTML = `
    <nav aria-label="FinanceMarket">
      <a class="brand" href="/" data-i18n="home"></a>
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
  top.querySelector('#sign-out').addEventListener('click', () => {
    session.signOut();
    // A fresh page: nothing the previous user saw stays in memory or on screen for the next one.
    location.reload();
  });
}

function showWho() {
  const who = document.getElementById('who');
  const user = session.current;
  who.hidden = !user;
  if (user) {
    who.querySelector('span').textContent = t('signedInAs', { role: t(`role.${user.role}`), subject: user.region ?? user.subject });
  }
}

async function signInPanel(role, onSignedIn) {
  const panel = document.getElementById('signin');
  const current = session.current;
  panel.innerHTML = `
    <h2 data-i18n="signIn"></h2>
    <p class="form-error" role="alert" ${current ? '' : 'hidden'}></p>
    <form id="demo-signin" hidden>
      <h3 data-i18n="signInDemo"></h3>
      <p class="form-error" role="alert" hidden></p>
      <div class="field"><label for="demo-subject" data-i18n="demo.${role}"></label>
        <input id="demo-subject" name="${role === 'official' ? 'region' : 'subject'}" autocomplete="off" required></div>
      <button type="submit" data-i18n="go"></button>
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
    panel.querySelector('.form-error').textContent = t('wrongRole', { role: t(`role.${role}`), actual: t(`role.${current.role}`) });
  }
  panel.hidden = false;
  const done = (user) => {
    panel.hidden = true;
    showWho();
    onSignedIn(user);
  };
  const demo = panel.querySelector('#demo-signin');
  demo.hidden = !(await isLocalMode());
  demo.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = demo.querySelector('input').value.trim();
    try {
      done(await signInAsDemo(role, role === 'official' ? `demo-official-${value}` : value, value));
    } catch (error) {
      showError(demo, { status: 400, message: error.message, fields: error.fields ?? [] });
    }
  });
  panel.querySelector('#token-signin').addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      const user = session.signIn(panel.querySelector('textarea').value);
      if (user.role === role) {
        done(user);
      } else {
        signInPanel(role, onSignedIn);
      }
    } catch (error) {
      panel.querySelector('.form-error').textContent = error.message;
      panel.querySelector('.form-error').hidden = false;
    }
  });
}

// Renders the frame and calls ready(user) once a user of the page's role is signed in (again after a
// sign-out and a new sign-in). A page's own strings join the shared ones first.
export function startPage({ role, strings, ready }) {
  addStrings(strings);
  const restart = () => {
    document.getElementById('content').hidden = true;
    signInPanel(role, start);
  };
  const start = (user) => {
    document.getElementById('content').hidden = false;
    ready(user);
  };
  header();
  translate();
  showWho();
  const user = session.current;
  if (user?.role === role) {
    start(user);
  } else {
    restart();
  }
  // For a page the API tells (401) that its token is no longer accepted: the user is signed out and asked
  // to sign in again in place, and ready(user) is called anew once they have.
  return () => {
    session.signOut();
    showWho();
    restart();
  };
}
