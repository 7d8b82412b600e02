// Where the OpenID Connect issuer sends the user back: redeem the code, then return to the page they came from.
// A failure is said in words with a way back, never a blank page.
import { addStrings, t, translate } from '/lib/i18n.js';
import { SignInError, completeSignIn } from '/lib/oidc.js';

addStrings({
  zh: {
    'oidc.completing': '正在完成登录…', 'oidc.retry': '返回并重新登录', 'oidc.otherAccount': '在认证服务退出，换一个账号登录',
    'oidc.stateMismatch': '此登录响应不是本页发起的（或已使用过），已拒绝。请重新登录。',
    'oidc.refusedByIssuer': '认证服务拒绝了登录：{detail}', 'oidc.noAnswer': '认证服务没有应答：{detail}',
    'oidc.badIdToken': '认证服务返回的身份令牌与本次登录不符，已拒绝。',
    'oidc.noRole': '认证服务签发的令牌未注明角色（企业、银行或政府工作人员），请联系管理员。',
  },
  en: {
    'oidc.completing': 'Completing sign-in…', 'oidc.retry': 'Go back and sign in again', 'oidc.otherAccount': 'Sign out at the sign-in service to use another account',
    'oidc.stateMismatch': 'This sign-in answer was not started here (or was already used) and is refused. Please sign in again.',
    'oidc.refusedByIssuer': 'The sign-in service refused: {detail}', 'oidc.noAnswer': 'The sign-in service did not answer: {detail}',
    'oidc.badIdToken': 'The identity token from the sign-in service does not belong to this sign-in and is refused.',
    'oidc.noRole': 'The sign-in service\'s token names no role (enterprise, bank or official); ask the administrator.',
  },
});

translate();
const query = new URLSearchParams(location.search);
// The code must not stay in the address bar or the history once it has been read.
history.replaceState(null, '', location.pathname);
try {
  location.replace(await completeSignIn(query));
} catch (error) {
  const key = error instanceof SignInError ? error.key : 'oidc.noAnswer';
  document.getElementById('progress').hidden = true;
  document.getElementById('failed').hidden = false;
  document.getElementById('retry').href = error.returnTo ?? '/';
  if (error.issuerSignOut) {
    document.getElementById('issuer-sign-out').href = error.issuerSignOut;
    document.getElementById('issuer-sign-out').hidden = false;
  }
  document.querySelector('#failed .form-error').textContent = t(key, { detail: error.detail ?? error.message });
}
