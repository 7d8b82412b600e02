// Chinese by default, English on request (kept for the next visit). Elements name their text by key:
// data-i18n="key" sets the text, data-i18n-label="key" the accessible name.
const KEY = 'financemarket.lang';
const dictionaries = { zh: {}, en: {} };

export function addStrings(strings) {
  for (const lang of Object.keys(dictionaries)) {
    Object.assign(dictionaries[lang], strings[lang] ?? {});
  }
}

export function language() {
  return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
}

export function t(key, values = {}) {
  const text = dictionaries[language()][key] ?? dictionaries.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

// Whether the page has words for a key (in either language), rather than showing the key itself.
export function has(key) {
  return key in dictionaries.zh || key in dictionaries.en;
}

export function translate(root = document) {
  document.documentElement.lang = language() === 'en' ? 'en' : 'zh-CN';
  for (const element of root.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of root.querySelectorAll('[data-i18n-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nLabel));
  }
}

export function switchLanguage() {
  localStorage.setItem(KEY, language() === 'en' ? 'zh' : 'en');
  translate();
  document.dispatchEvent(new CustomEvent('languagechange'));
}

addStrings({
  zh: {
    home: '金融超市', enterprise: '企业服务', bank: '银行工作台', official: '政府管理', dashboard: '统计看板',
    switchLanguage: 'English', signOut: '退出', signedInAs: '已登录：{role} {subject}',
    'role.enterprise': '企业', 'role.bank': '银行', 'role.official': '政府工作人员', 'role.operator': '平台运营方', 'role.provider': '数据提供方', or: '或',
    signIn: '登录', signInOidc: '统一身份认证', signInOidcGo: '前往统一身份认证登录', signInDemo: '演示账号（本地模式）', signInToken: '使用令牌登录', token: '令牌',
    tokenHint: '粘贴由认证服务签发的令牌。', useToken: '用此令牌登录', go: '登录',
    'demo.enterprise': '统一社会信用代码', 'demo.bank': '银行编号', 'demo.official': '行政区划代码', 'demo.operator': '运营人员编号', signInDemoProvider: '数据提供方演示账号（本地模式）', goProvider: '以数据提供方身份登录', 'demo.provider': '数据提供方编号', 'demo.providerRegion': '数据所属地区代码',
    wrongRole: '此页面供{role}使用；当前登录的是{actual}。', expired: '登录已过期或不再有效，请重新登录。', refused: '无权查看：{message}',
    unavailable: '平台暂时无法应答：{message}', invalid: '请修改标出的内容。', loading: '加载中…',
    close: '关闭', cancel: '取消', cannotUndo: '确认后不能撤回。', signOutSwitch: '退出，换个账号登录',
    newEnterprise: '新企业？用统一社会信用代码登录后即可在此登记，无需另外注册。',
  },
  en: {
    home: 'Finance supermarket', enterprise: 'Enterprises', bank: "Bank's desk", official: 'Officials', dashboard: 'Dashboard',
    switchLanguage: '中文', signOut: 'Sign out', signedInAs: 'Signed in: {role} {subject}',
    'role.enterprise': 'enterprise', 'role.bank': 'bank', 'role.official': 'official', 'role.operator': 'platform operator', 'role.provider': 'data provider', or: ' or ',
    signIn: 'Sign in', signInOidc: 'Single sign-on', signInOidcGo: 'Sign in with the sign-in service', signInDemo: 'Demo account (local mode)', signInToken: 'Sign in with a token', token: 'Token',
    tokenHint: 'Paste a token issued by the sign-in service.', useToken: 'Sign in with this token', go: 'Sign in',
    'demo.enterprise': 'Unified Social Credit Code', 'demo.bank': 'Bank id', 'demo.official': 'Region code', 'demo.operator': 'Operator id', signInDemoProvider: 'Demo data provider (local mode)', goProvider: 'Sign in as a data provider', 'demo.provider': 'Provider id', 'demo.providerRegion': 'Region it supplies (code)',
    wrongRole: 'This page is for a {role}; you are signed in as a {actual}.', expired: 'Your sign-in has expired or is no longer accepted: please sign in again.', refused: 'Not allowed: {message}',
    unavailable: 'The platform cannot answer right now: {message}', invalid: 'Please correct the marked fields.', loading: 'Loading…',
    close: 'Close', cancel: 'Cancel', cannotUndo: 'This cannot be undone once confirmed.', signOutSwitch: 'Sign out and use another account',
    newEnterprise: 'A new enterprise? Sign in with its Unified Social Credit Code, then register it here: there is no separate sign-up.',
  },
});
