// The platform's icons, drawn inline (no font, no CDN): each is 24×24, stroked in the text's colour, and
// hidden from screen readers, since the words beside it say the same.
const PATHS = {
  brand: '<path d="M3 10l9-6 9 6"/><path d="M5 10v9h14v-9"/><path d="M9 19v-5h6v5"/>',
  check: '<circle cx="12" cy="12" r="10"/><path d="M7 12.5l3.2 3.2L17 9"/>',
  alert: '<circle cx="12" cy="12" r="10"/><path d="M12 7v6"/><path d="M12 16.5v.5"/>',
  info: '<circle cx="12" cy="12" r="10"/><path d="M12 11v6"/><path d="M12 7.5v.5"/>',
  close: '<path d="M6 6l12 12"/><path d="M18 6L6 18"/>',
  home: '<path d="M3 11l9-7 9 7"/><path d="M6 10v10h12V10"/>',
  search: '<circle cx="11" cy="11" r="7"/><path d="M16.5 16.5L21 21"/>',
  list: '<path d="M8 6h13"/><path d="M8 12h13"/><path d="M8 18h13"/><path d="M3 6h1"/><path d="M3 12h1"/><path d="M3 18h1"/>',
  bell: '<path d="M6 16V11a6 6 0 0 1 12 0v5l2 2H4z"/><path d="M10 20a2 2 0 0 0 4 0"/>',
  user: '<circle cx="12" cy="8" r="4"/><path d="M4 21a8 8 0 0 1 16 0"/>',
  download: '<path d="M12 4v11"/><path d="M7 10l5 5 5-5"/><path d="M5 20h14"/>',
  empty: '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="M3 13h5l1.5 2h5L16 13h5"/>',
};

export function icon(name, className = 'icon') {
  return `<svg class="${className}" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${PATHS[name]}</svg>`;
}
