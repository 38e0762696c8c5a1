// Contests live only on the device: online the server sends the shell, offline the service
// worker's fallback shell routes here on the client.
export const prerender = false;
