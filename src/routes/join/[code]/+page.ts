// Join links (from a QR code) carry the code; the page is the client-routed shell like the rest.
export const prerender = false;
