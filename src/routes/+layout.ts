// Every screen reads IndexedDB in the browser, so server rendering has nothing to show. With SSR
// off, each page is an empty shell that routes on the client; that is what lets the service
// worker answer any deep link offline with the one precached shell (docs/decisions.md).
export const ssr = false;
export const prerender = true;
