// Bank ids are only known on the device: online the server sends the page's shell for any id.
// One shell is also prerendered, under an id no bank can have (ids are kebab-case), so the
// service worker can answer an offline deep link here with this page's own shell: it preloads
// the practice page's code and styles instead of 今日's (issue #14, offline cold start).
export const prerender = 'auto';
export const entries = () => [{ bankId: '_' }];
