// The enterprise's page as an app: five tabs (首页, 找产品, 我的申请, 消息, 我的) in the address's hash, a
// bottom tab bar on a phone, and the home tab's greeting, figures and services. A section belongs to the
// tabs its data-tab names; a link to a section (#loans, #credit) opens its tab and scrolls to it.
import { icon } from '/lib/icons.js';
import { addStrings, t } from '/lib/i18n.js';
import { formatFen, toBigInt } from '/lib/money.js';

addStrings({
  zh: {
    'tab.home': '首页', 'tab.find': '找产品', 'tab.mine': '我的申请', 'tab.messages': '消息', 'tab.me': '我的',
    'home.hello': '您好，{name}', 'home.welcome': '欢迎使用企业融资服务', 'home.register': '首次使用请先登记企业信息（约 2 分钟），即可发布需求、匹配产品。',
    'home.pending': '审批中的申请', 'home.approved': '已获批准', 'home.granted': '已获授信', 'home.unread': '未读消息',
    'svc.need': '发布融资需求', 'svc.needText': '填写金额和期限，一键匹配产品', 'svc.shelf': '浏览产品', 'svc.shelfText': '全部银行的信贷产品',
    'svc.mine': '申请进度', 'svc.mineText': '每笔申请的审批进展', 'svc.loans': '我的贷款', 'svc.loansText': '放款、还款与续贷',
    'svc.credit': '信用与授权', 'svc.creditText': '预授信额度、查询授权', 'svc.messages': '消息中心', 'svc.messagesText': '审批、贴息等通知',
    'svc.register': '登记企业', 'svc.registerText': '先登记，再融资',
  },
  en: {
    'tab.home': 'Home', 'tab.find': 'Products', 'tab.mine': 'Applications', 'tab.messages': 'Messages', 'tab.me': 'Me',
    'home.hello': 'Hello, {name}', 'home.welcome': 'Welcome to financing services', 'home.register': 'First, register your enterprise (about 2 minutes); then post a need and be matched.',
    'home.pending': 'Applications pending', 'home.approved': 'Approved', 'home.granted': 'Credit granted', 'home.unread': 'Unread messages',
    'svc.need': 'Post a financing need', 'svc.needText': 'Amount and term, matched in one click', 'svc.shelf': 'Browse products', 'svc.shelfText': "Every bank's credit products",
    'svc.mine': 'Application progress', 'svc.mineText': 'Where each application stands', 'svc.loans': 'My loans', 'svc.loansText': 'Drawdowns, repayments, renewals',
    'svc.credit': 'Credit and consents', 'svc.creditText': 'Pre-credit lines, who may read your data', 'svc.messages': 'Messages', 'svc.messagesText': 'Decisions, subsidies and more',
    'svc.register': 'Register', 'svc.registerText': 'Register first, then borrow',
  },
});

const TABS = [['home', 'home'], ['find', 'search'], ['mine', 'list'], ['messages', 'bell'], ['me', 'user']];
const SERVICES = [['#need', 'svc.need', 'search'], ['#shelf', 'svc.shelf', 'list'], ['#mine', 'svc.mine', 'check'],
  ['#loans', 'svc.loans', 'download'], ['#credit', 'svc.credit', 'user'], ['#messages', 'svc.messages', 'bell']];

const $ = (selector) => document.querySelector(selector);

// The tab a hash opens, and the element to scroll to when the hash names one inside it.
// A hash that is not valid percent-encoding (anyone can send "#%") is read as it stands.
function idOf(hash) {
  try {
    return decodeURIComponent(hash.slice(1));
  } catch {
    return hash.slice(1);
  }
}

function routeOf(hash) {
  const id = idOf(hash);
  if (TABS.some(([tab]) => tab === id)) {
    return { tab: id, target: null };
  }
  const target = id ? document.getElementById(id) : null;
  // An application's card is drawn once the list is read: its tab is known before it is.
  if (id.startsWith('application-')) {
    document.dispatchEvent(new CustomEvent('financemarket:show-application'));
    return { tab: 'mine', target };
  }
  const holder = target?.closest('[data-tab]');
  return holder ? { tab: holder.dataset.tab.split(' ')[0], target } : { tab: 'home', target: null };
}

function show() {
  const { tab, target } = routeOf(location.hash);
  for (const section of document.querySelectorAll('#content [data-tab]')) {
    section.hidden = !section.dataset.tab.split(' ').includes(tab);
  }
  for (const link of document.querySelectorAll('#tabs a')) {
    if (link.dataset.tabLink === tab) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  if (target && target.closest('[data-tab]') !== target) {
    target.scrollIntoView({ block: 'start' });
  } else {
    window.scrollTo(0, 0);
  }
  document.dispatchEvent(new CustomEvent('financemarket:tab', { detail: tab }));
}

// Shows the tab (or the section) a hash names, as a link to it would.
export function open(hash) {
  if (location.hash === hash) {
    show();
  } else {
    location.hash = hash;
  }
}

export function setUpTabs() {
  const nav = $('#tabs');
  nav.innerHTML = TABS.map(([tab, glyph]) => `<a href="#${tab}" data-tab-link="${tab}" data-testid="tab-${tab}">${icon(glyph)}<span data-i18n="tab.${tab}"></span></a>`).join('');
  window.addEventListener('hashchange', show);
  // Opened at an application (a reload, a link from a result page): scrolled to once its card is drawn.
  document.addEventListener('financemarket:applications', () => {
    if (location.hash.startsWith('#application-')) {
      document.getElementById(idOf(location.hash))?.scrollIntoView({ block: 'start' });
    }
  });
  show();
}

// The home tab: who is signed in (or that registration comes first), the figures of its applications, and
// the services as a grid of doors.
export function drawHome({ enterprise, registered, applications, unread, error }) {
  // Until the registry has answered, the page cannot tell which doors to offer: skeletons stand in.
  $('#home-loading').hidden = registered !== undefined;
  if (registered === undefined) {
    return;
  }
  $('#home-title').textContent = enterprise ? t('home.hello', { name: enterprise.name }) : t('home.welcome');
  // null: the registry could not be read; said here, where the user is, rather than skeletons for ever.
  $('#home-error').textContent = registered === null ? error : '';
  $('#home-error').hidden = registered !== null;
  const figures = $('#home-figures');
  figures.hidden = !registered;
  if (registered) {
    const pending = applications.filter((a) => a.status === 'SUBMITTED').length;
    const approved = applications.filter((a) => a.status === 'APPROVED');
    const granted = approved.reduce((sum, a) => sum + toBigInt(a.deal?.grantedAmountFen ?? 0), 0n);
    const tiles = [['home.pending', String(pending)], ['home.approved', String(approved.length)], ['home.granted', formatFen(granted)], ['home.unread', String(unread ?? 0)]];
    figures.replaceChildren(...tiles.map(([key, value]) => {
      const tile = document.createElement('div');
      tile.innerHTML = '<dt></dt><dd></dd>';
      tile.querySelector('dt').textContent = t(key);
      tile.querySelector('dd').textContent = value;
      return tile;
    }));
  }
  const doors = registered !== false ? SERVICES : [['#profile', 'svc.register', 'user'], ...SERVICES.slice(1, 2)];
  const list = $('#services');
  list.replaceChildren(...doors.map(([href, key, glyph]) => {
    const item = document.createElement('li');
    item.innerHTML = `<a href="${href}">${icon(glyph)}<strong></strong><span></span></a>`;
    item.querySelector('strong').textContent = t(key);
    item.querySelector('span').textContent = t(`${key}Text`);
    return item;
  }));
  if (registered === false) {
    const note = Object.assign(document.createElement('li'), { className: 'wide hint', textContent: t('home.register') });
    list.prepend(note);
  }
}
