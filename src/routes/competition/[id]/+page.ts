// The competition id is known only on the device and server: a client-routed shell.
export const prerender = false;
