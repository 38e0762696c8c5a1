import type { ServerInit } from '@sveltejs/kit';
import { building } from '$app/environment';
import { database } from '$lib/server/database';

// Create and migrate the database when the server starts, so a broken database fails the start
// loudly instead of the first member's upload.
export const init: ServerInit = async () => {
	if (building) return;
	const { kind, location } = await database();
	console.log(`口袋课堂 database ready: ${kind} at ${location}`);
};
