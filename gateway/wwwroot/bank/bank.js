// The bank's desk: the inbox and the decisions, the loans its approvals opened, the bank's own figures, its shelf
// and the form that lists a product. Every call names the signed-in bank (its token's subject); the API decides what it may see.
import { get } from '/lib/http.js';
import { messageOf } from '/lib/forms.js';
import { t, translate } from '/lib/i18n.js';
import { startPage } from '/lib/layout.js';
import { session } from '/lib/session.js';
import { strings } from '/bank/strings.js';
import { loadShelf, setUpShelf } from '/bank/shelf.js';
import { loadInbox, setUpInbox } from '/bank/inbox.js';
import { loadFigures } from '/bank/figures.js';
import { loadLoans, setUpLoans } from '/bank/loans.js';
import { loadOpportunities, setUpOpportunities } from '/bank/opportunities.js';
import { showNote } from '/bank/api.js';
import { setUpScorecard } from '/bank/scorecard.js';

const $ = (selector) => document.querySelector(selector);

// An address naming another bank (/bank?bankId=...) never shows that bank's data: the page keeps to the
// signed-in bank and lets the API answer for the other, whose refusal is shown as such.
async function checkOtherBank(user) {
  const named = new URLSearchParams(location.search).get('bankId');
  const note = $('#other-bank');
  note.hidden = true;
  if (!named || named === user.subject) {
    return;
  }
  try {
    await get(`/api/v1/banks/${encodeURIComponent(named)}/applications?pageSize=1`);
  } catch (error) {
    showNote(note, t('b.otherBank', { bankId: named, own: user.subject, message: messageOf(error) }), false);
  }
}

function refresh(user) {
  checkOtherBank(user);
  loadOpportunities();
  loadInbox();
  loadLoans();
  loadFigures();
  loadShelf();
}

startPage({
  role: 'bank',
  strings,
  ready: (user) => {
    setUpShelf();
    setUpScorecard();
    setUpLoans();
    // An approval opens a loan (and may pay it out): the desk shows it.
    setUpInbox(() => {
      loadFigures();
      loadLoans();
    });
    setUpOpportunities(() => {
      loadInbox();
      loadFigures();
    });
    // Words drawn by script follow the language switch too.
    document.addEventListener('languagechange', () => refresh(session.current));
    translate();
    refresh(user);
  },
});
