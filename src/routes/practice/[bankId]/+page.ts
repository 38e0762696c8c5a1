// Bank ids are only known on the device, so this page is not prerendered: online the server
// sends the shell, offline the service worker's fallback shell routes here on the client.
export const prerender = false;
