// Competition ids exist only on the server: a client-routed shell.
export const prerender = false;
